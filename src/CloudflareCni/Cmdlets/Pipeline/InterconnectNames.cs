using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using CloudflareCni.Api;
using CloudflareCni.Api.Json;

namespace CloudflareCni.Cmdlets
{
    /// <summary>
    /// Interconnect -Name values for one invocation: a literal name stands for itself (and a missing one is the
    /// server's NotFound), a wildcard pattern for the interconnects whose names match it, case-insensitively as
    /// PowerShell's own -Name parameters do. The account's listing is fetched once per invocation, however many
    /// patterns arrive.
    /// </summary>
    internal sealed class InterconnectNames
    {
        /// <summary>What the -Name parameters take from the pipeline.</summary>
        public const string Takes = "interconnect names or wildcard patterns, CloudflareCni.Interconnect, CloudflareCni.Cni, CloudflareCni.InterconnectStatus or CloudflareCni.InterconnectLoaName objects, or objects with a Name property such as CSV rows";

        public static readonly Type[] Accepted = { typeof(Interconnect), typeof(Cni), typeof(InterconnectStatus), typeof(InterconnectLoaName) };

        private readonly CfApiCmdlet cmdlet;
        private readonly Dictionary<string, List<Interconnect>> listings = new Dictionary<string, List<Interconnect>>(StringComparer.Ordinal);

        /// <summary>The accounts whose listing failed when "did you mean" asked for it: it is not asked again.</summary>
        private readonly HashSet<string> unlistable = new HashSet<string>(StringComparer.Ordinal);

        public InterconnectNames(CfApiCmdlet cmdlet)
        {
            this.cmdlet = cmdlet;
            cmdlet.ExplainFailure = SuggestName;
        }

        public static bool IsPattern(string name) => WildcardPattern.ContainsWildcardCharacters(name);

        /// <summary>The interconnects of the account whose names match the pattern, in listing order.</summary>
        public IEnumerable<Interconnect> Matching(string pattern, string account)
        {
            WildcardPattern wildcard = Patterns.Of(pattern);
            return Listing(account).Where(icon => wildcard.IsMatch(icon.Name));
        }

        /// <summary>
        /// The literal name, or the names a pattern matches (none is not an error). The account is asked for only for a
        /// pattern, so that a literal name needs no connection until it is used (as with -WhatIf).
        /// </summary>
        public IEnumerable<string> Expand(string nameOrPattern, Func<string> account) =>
            IsPattern(nameOrPattern) ? Matching(nameOrPattern, account()).Select(icon => icon.Name) : new[] { nameOrPattern };

        /// <summary>
        /// A NotFound for a literal name that differs only in letter case from an interconnect of the account says which
        /// one was probably meant: the API compares names exactly, while wildcard patterns (and the user's habit from
        /// PowerShell) ignore case. It costs the listing of the account the request went to (once per invocation and
        /// account, a failed one included), only when a name was not found and the error is going to be seen.
        /// </summary>
        private ErrorRecord SuggestName(ErrorRecord record)
        {
            if (!(record.TargetObject is string name) || IsPattern(name) ||
                record.FullyQualifiedErrorId.Split(',')[0] != CfErrors.NotFound ||
                !(record.Exception is CfApiException failure) || !(AccountOf(failure) is string account) ||
                ErrorsAreIgnored())
            {
                return record;
            }

            if (unlistable.Contains(account))
            {
                return record;
            }

            List<Interconnect> all;
            try
            {
                // Kept by Listing for the rest of the invocation, as the patterns' listing is.
                all = Listing(account);
            }
            catch (CfApiException)
            {
                // The listing failed too: the error stands as the server gave it, and the listing is not asked again.
                unlistable.Add(account);
                return record;
            }

            string[] meant = all
                .Select(icon => icon.Name)
                .Where(other => string.Equals(other, name, StringComparison.OrdinalIgnoreCase) && !string.Equals(other, name, StringComparison.Ordinal))
                .ToArray();
            if (meant.Length == 0)
            {
                return record;
            }

            string suggestion = string.Join(" or ", meant.Select(DiagnosticText.Quote));
            record.ErrorDetails = new ErrorDetails(
                $"{record.ErrorDetails?.Message ?? record.Exception.Message} Did you mean {suggestion}? Interconnect names are compared with their letter case.")
            {
                RecommendedAction = $"Use the name as the account holds it: {suggestion}.",
            };
            return record;
        }

        /// <summary>
        /// The account a request went to (accounts/{account_id}/...), read from the request itself: by the time its error
        /// is written, the command's -AccountId may belong to a later piped item.
        /// </summary>
        private static string? AccountOf(CfApiException failure)
        {
            string[] segments = failure.Path.Trim('/').Split('/');
            int at = Array.IndexOf(segments, "accounts");
            return at >= 0 && at + 1 < segments.Length && segments[at + 1].Length > 0 ? Uri.UnescapeDataString(segments[at + 1]) : null;
        }

        /// <summary>True when the command's errors are not shown (-ErrorAction SilentlyContinue or Ignore, or the preference).</summary>
        private bool ErrorsAreIgnored()
        {
            object? preference = cmdlet.MyInvocation.BoundParameters.TryGetValue("ErrorAction", out object? given)
                ? given
                : cmdlet.SessionState.PSVariable.GetValue("ErrorActionPreference");
            return preference is ActionPreference action && (action == ActionPreference.SilentlyContinue || action == ActionPreference.Ignore);
        }

        /// <summary>
        /// One request per interconnect the names stand for (a literal name, or each one a pattern matches), up to
        /// <paramref name="throttleLimit"/> at once; the results are written in input order, and a failure is an error for
        /// its name alone. <paramref name="lookup"/> takes the account, the name and the call.
        /// </summary>
        public void LookUpEach(IReadOnlyList<string> given, int throttleLimit, Func<string, string, CfCall, Task<object>> lookup)
        {
            foreach (string pattern in given)
            {
                cmdlet.ForItem(pattern, () =>
                {
                    string account = cmdlet.Account;
                    OrderedLookups lookups = cmdlet.Lookups(throttleLimit, cmdlet.WriteResult);
                    foreach (string name in Expand(pattern, () => account))
                    {
                        lookups.Add(name, token => lookup(account, name, cmdlet.Call.WithCancellation(token)));
                    }
                });
            }
        }

        private List<Interconnect> Listing(string account)
        {
            if (!listings.TryGetValue(account, out List<Interconnect>? all))
            {
                using (CfPager<Interconnect> pager = new InterconnectService(cmdlet.Executor).List(account, new InterconnectListParams(), new CfPaging(null), cmdlet.Call))
                {
                    all = cmdlet.Await(pager.ReadAllAsync(cmdlet.Cancellation));
                    // Kept before any error is written: writing one may lead (through queued lookups) back here.
                    listings[account] = all;
                    // An interconnect the listing could not read may have matched: say so, and go on with the others.
                    new UnreadableItems(cmdlet, pager).WriteUpTo(long.MaxValue);
                }
            }

            return all;
        }
    }
}
