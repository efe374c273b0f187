namespace CloudflareCni
{
    /// <summary>How requests authenticate.</summary>
    public enum CfAuthKind
    {
        None,
        ApiToken,
        ApiKey,
        Sandbox,
    }
}
