namespace SkinLesion.Web.Auth;

public static class AuthPolicies
{
    public const string Client = "skinlesion-client";
}
