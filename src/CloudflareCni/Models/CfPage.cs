namespace CloudflareCni
{
    /// <summary>One page of a listing, written by the list cmdlets' -SinglePage mode for scripts that page on their own.</summary>
    public sealed class CfPage
    {
        internal CfPage(object[] items, long? nextCursor)
        {
            Items = items;
            NextCursor = nextCursor;
        }

        public object[] Items { get; }

        /// <summary>The cursor to pass as -Cursor for the next page, or null on the last page.</summary>
        public long? NextCursor { get; }

        public bool HasMore => NextCursor.HasValue;

        public int Count => Items.Length;
    }
}
