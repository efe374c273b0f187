namespace CloudflareCni
{
    /// <summary>
    /// The name a physical interconnect's Letter of Authorization is made out to when Save-CfInterconnectLoa is not given
    /// -CustomerName: the account's name, as Cloudflare has it. Its Name is the interconnect's, so that it pipes on to
    /// Save-CfInterconnectLoa and the other interconnect cmdlets.
    /// </summary>
    public sealed class InterconnectLoaName : CfObject
    {
        /// <summary>The interconnect. Not sent by the API; filled in by the module.</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>The customer name printed on the LOA by default (the API's name).</summary>
        public string CustomerName { get; set; } = string.Empty;

        public string Account { get; set; } = string.Empty;

        public override string ToString() => CustomerName;
    }
}
