namespace SkinLesion.Inference.Screening;

/// <summary>What the service may say about an image, decided before anything is shown as a diagnosis.</summary>
public enum AssessmentStatus
{
    /// <summary>A dermoscopic-looking image the model is confident enough about: probabilities and verdict stand.</summary>
    Classified,

    /// <summary>Accepted, but the model is unsure: the probabilities are shown with "uncertain — refer for specialist review".</summary>
    Uncertain,

    /// <summary>Not an image the model can assess (not dermoscopic, featureless, greyscale): no diagnosis may be shown.</summary>
    Rejected,
}
