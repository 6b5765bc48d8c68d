namespace SkinLesion.Cli.Calibration;

/// <summary>A profile calibrate will not write (too few malignant cases, another model than the served one); the message says why. Exit code 1.</summary>
internal sealed class CalibrationRefusedException(string message) : Exception(message);
