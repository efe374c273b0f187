namespace CloudflareCni
{
    /// <summary>The account-wide CNI settings.</summary>
    public sealed class CniSettings : CfObject
    {
        /// <summary>The default ASN; 4-byte ASNs up to 4294967295 are accepted.</summary>
        public long DefaultAsn { get; set; }

        public override string ToString() => "AS" + DefaultAsn;
    }
}
