namespace CloudflareCni.Internal
{
    /// <summary>When -Force may skip the confirmation prompt.</summary>
    internal static class ConfirmationPolicy
    {
        /// <summary>
        /// -Force skips the prompt, but -WhatIf (given or from $WhatIfPreference) still only reports, and an explicit
        /// -Confirm still asks.
        /// </summary>
        public static bool SkipPrompt(bool force, bool whatIf, bool confirmExplicit) => force && !whatIf && !confirmExplicit;
    }
}
