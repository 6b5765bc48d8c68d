using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using SkinLesion.Audit;

namespace SkinLesion.Web.Auditing;

/// <summary>
/// The Data Protection key ring in the audit store every replica shares (ADR 0018), so a form token or a sign-in
/// cookie protected by one replica is read by any other. Only ever inserts: Data Protection never changes or
/// removes an element, it revokes by adding one.
/// </summary>
internal sealed class AuditKeyRingRepository(IAuditStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => store.KeyRingElements();

    public void StoreElement(XElement element, string friendlyName) =>
        // Data Protection names its elements ("key-<id>"); the contract allows none, so a name of its own then, as the file repository does.
        store.AddKeyRingElement(element, string.IsNullOrWhiteSpace(friendlyName) ? Guid.NewGuid().ToString("D") : friendlyName);
}
