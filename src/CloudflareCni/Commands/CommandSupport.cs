using System;
using System.Collections.Generic;
using CloudflareCni.Api;
using CloudflareCni.Internal;

namespace CloudflareCni.Commands
{
    /// <summary>The paging switches of SupportsPaging, as plain values.</summary>
    internal readonly struct CfPaging
    {
        public CfPaging(ulong skip, ulong? first, bool includeTotalCount)
        {
            Skip = skip;
            First = first;
            IncludeTotalCount = includeTotalCount;
        }

        public static CfPaging All => new CfPaging(0, null, false);

        public ulong Skip { get; }

        /// <summary>Null when -First was not given.</summary>
        public ulong? First { get; }

        public bool IncludeTotalCount { get; }

        /// <summary>How many items the pager must fetch at most: the skipped ones plus the wanted ones.</summary>
        public long? MaxItems
        {
            get
            {
                if (!First.HasValue)
                {
                    return null;
                }

                ulong total = First.Value > ulong.MaxValue - Skip ? ulong.MaxValue : Skip + First.Value;
                return total > long.MaxValue ? long.MaxValue : (long)total;
            }
        }
    }

    internal static class CommandSupport
    {
        /// <summary>
        /// Runs one item's work: a failed request or a rejected value becomes a non-terminating error for that
        /// item, so the other piped items go on.
        /// </summary>
        public static void ForItem(ICmdletHost host, object? target, Action work)
        {
            try
            {
                work();
            }
            catch (CfApiException ex)
            {
                host.WriteError(CfError.FromApi(ex, target));
            }
            catch (CfValidationException ex)
            {
                host.WriteError(ex.ToError(target));
            }
        }

        /// <summary>
        /// Streams a listing: each page's objects are written as soon as it arrives, and paging stops at -First.
        /// A failure part-way is terminating, since the listing would otherwise look complete.
        /// </summary>
        public static void WriteListing<T>(ICmdletHost host, CfPager<T> pager, CfPaging paging, object? target)
            where T : notnull
        {
            ulong toSkip = paging.Skip;
            try
            {
                while (true)
                {
                    IReadOnlyList<T>? page = host.Await(pager.NextPageAsync(host.Stopping));
                    if (page is null)
                    {
                        break;
                    }

                    foreach (T item in page)
                    {
                        if (toSkip > 0)
                        {
                            toSkip--;
                            continue;
                        }

                        host.WriteObject(item);
                    }
                }
            }
            catch (CfApiException ex)
            {
                throw new CfTerminatingException(CfError.FromApi(ex, target));
            }

            if (paging.IncludeTotalCount)
            {
                // Exact only when the server said there is no further page.
                host.WriteTotalCount(pager.ItemCount, pager.ReachedEnd ? 1.0 : 0.0);
            }
        }

        /// <summary>One page for scripts that page on their own: its items and the cursor of the next page.</summary>
        public static void WriteSinglePage<T>(ICmdletHost host, CfPager<T> pager, object? target)
            where T : notnull
        {
            try
            {
                IReadOnlyList<T> page = host.Await(pager.NextPageAsync(host.Stopping)) ?? new T[0];
                var items = new object[page.Count];
                for (int i = 0; i < page.Count; i++)
                {
                    items[i] = page[i];
                }

                host.WriteObject(new CfPage(items, pager.NextCursor));
            }
            catch (CfApiException ex)
            {
                throw new CfTerminatingException(CfError.FromApi(ex, target));
            }
        }
    }
}
