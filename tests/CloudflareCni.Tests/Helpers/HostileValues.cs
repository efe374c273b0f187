using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;

namespace CloudflareCni.Tests.Helpers
{
    /// <summary>What makes a hostile value hostile; the fuzz decides from these which values a parameter must refuse.</summary>
    [Flags]
    internal enum Hostility
    {
        None = 0,

        /// <summary>Holds a control or invisible formatting character (CR, LF, NUL, ESC, BEL, a bidi override, a zero-width space).</summary>
        Control = 1,

        Empty = 2,

        /// <summary>Spaces only.</summary>
        Blank = 4,

        /// <summary>A whole dot segment: "." or "..".</summary>
        DotSegment = 8,

        /// <summary>Holds '/' or '\', which would split a path segment in two.</summary>
        Slash = 16,

        /// <summary>Longer than any field of the API takes (100,000 characters).</summary>
        Long = 32,

        /// <summary>Not a valid PowerShell wildcard pattern.</summary>
        BadWildcard = 64,

        /// <summary>Printable text that is fine as free text but is no id, email or URI.</summary>
        Odd = 128,

        /// <summary>An object of the wrong type, piped.</summary>
        WrongType = 256,

        /// <summary>A number outside every parameter's range.</summary>
        OutOfRange = 512,
    }

    /// <summary>One hostile value: a short label for reports, the value itself, and what makes it hostile.</summary>
    internal sealed class HostileValue
    {
        public HostileValue(string label, object? value, Hostility traits, string? secretMarker = null)
        {
            Label = label;
            Value = value;
            Traits = traits;
            SecretMarker = secretMarker;
        }

        public string Label { get; }

        public object? Value { get; }

        public Hostility Traits { get; }

        /// <summary>For a secret: text of it that must appear in no stream.</summary>
        public string? SecretMarker { get; }

        public bool Is(Hostility trait) => (Traits & trait) != 0;

        /// <summary>
        /// The characters of the value that no message may show as they are: control and format characters (a CR/LF pair
        /// is told by the text after it, since messages may hold line breaks of their own).
        /// </summary>
        public IEnumerable<string> ForbiddenEchoes()
        {
            if (!(Value is string text))
            {
                yield break;
            }

            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\n')
                {
                    yield return text.Substring(i, Math.Min(6, text.Length - i));
                }
                else if (char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
                {
                    yield return c.ToString();
                }
            }
        }

        public override string ToString() => Label;

        public static SecureString Secure(string text) => CloudflareCni.Api.CfCredential.ToSecureString(text);

        /// <summary>Text values: what a CSV cell, a script variable or a careless paste can hold.</summary>
        public static readonly HostileValue[] Text =
        {
            new HostileValue("dot", ".", Hostility.DotSegment),
            new HostileValue("dotdot", "..", Hostility.DotSegment),
            new HostileValue("traversal", "../../etc/passwd", Hostility.Slash | Hostility.Odd),
            new HostileValue("encoded-traversal", "..%2F..%2Fetc%2Fpasswd", Hostility.Odd),
            new HostileValue("url", "http://evil.example/x?y=1#z", Hostility.Slash | Hostility.Odd),
            new HostileValue("empty", string.Empty, Hostility.Empty),
            new HostileValue("blank", "   ", Hostility.Blank),
            new HostileValue("crlf", "fz\r\nInjected: yes", Hostility.Control),
            new HostileValue("nul", "fz\0nul", Hostility.Control),
            new HostileValue("esc", "fz\u001b[31mred", Hostility.Control),
            new HostileValue("bel", "fz\u0007bell", Hostility.Control),
            new HostileValue("rlo", "fz\u202Eevil", Hostility.Control),
            new HostileValue("zero-width", "fz\u200Bzw", Hostility.Control),
            new HostileValue("100k", new string('a', 100_000), Hostility.Long),
            new HostileValue("lbracket", "[", Hostility.BadWildcard | Hostility.Odd),
            new HostileValue("bad-range", "fz[z-a", Hostility.BadWildcard | Hostility.Odd),
            new HostileValue("quotes", "fz'\"`$(x)", Hostility.Odd),
        };

        /// <summary>URIs for -BaseUri and -Proxy.</summary>
        public static readonly HostileValue[] Uris =
        {
            new HostileValue("uri-empty", string.Empty, Hostility.Empty),
            new HostileValue("uri-relative", "relative/path", Hostility.Odd),
            new HostileValue("uri-file", "file:///etc/passwd", Hostility.Odd),
            new HostileValue("uri-ftp", "ftp://127.0.0.1/", Hostility.Odd),
            new HostileValue("uri-javascript", "javascript:alert(1)", Hostility.Odd),
            new HostileValue("uri-userinfo", "http://fzuser:FZSECRETpass@127.0.0.1:9/client/v4", Hostility.Odd, secretMarker: "FZSECRETpass"),
            new HostileValue("uri-query", "https://127.0.0.1:9/client/v4?x=1#f", Hostility.Odd),
            new HostileValue("uri-esc", "http://127.0.0.1:9/fz\u001b[31m", Hostility.Control),
            new HostileValue("uri-crlf", "http://127.0.0.1:9/fz\r\nInjected: yes", Hostility.Control),
            new HostileValue("uri-100k", "https://127.0.0.1:9/" + new string('a', 100_000), Hostility.Long),
        };

        /// <summary>Emails for -Email and CLOUDFLARE_EMAIL.</summary>
        public static readonly HostileValue[] Emails =
        {
            new HostileValue("email-star", "*", Hostility.Odd),
            new HostileValue("email-url", "http://evil.example/", Hostility.Odd),
            new HostileValue("email-space", "ops team@example.com", Hostility.Odd),
            new HostileValue("email-no-domain", "ops@", Hostility.Odd),
            new HostileValue("email-no-local", "@example.com", Hostility.Odd),
            new HostileValue("email-crlf", "ops@example.com\r\nX-Injected: 1", Hostility.Control),
        };

        /// <summary>Secrets (as SecureString) for -ApiToken and -ApiKey.</summary>
        public static readonly HostileValue[] Secrets =
        {
            new HostileValue("secret-nul", Secure("FZSECRET\0nul"), Hostility.Control, "FZSECRET"),
            new HostileValue("secret-valid-then-nul", Secure(ApiHarness.Token + "\0GARBAGE"), Hostility.Control, "GARBAGE"),
            new HostileValue("secret-crlf", Secure("FZSECRET\r\nX-Injected: 1"), Hostility.Control, "FZSECRET"),
            new HostileValue("secret-esc", Secure("FZSECRET\u001b[31m"), Hostility.Control, "FZSECRET"),
            new HostileValue("secret-empty", Secure(string.Empty), Hostility.Empty),
            new HostileValue("secret-blank", Secure("   "), Hostility.Blank),
            // A SecureString holds at most 65,536 characters.
            new HostileValue("secret-65k", Secure("FZSECRET" + new string('s', 65_000)), Hostility.Long, "FZSECRET"),
        };

        /// <summary>Numbers for numeric parameters: each is outside the range of every one of them.</summary>
        public static readonly HostileValue[] Numbers =
        {
            new HostileValue("minus-one", -1L, Hostility.OutOfRange),
            new HostileValue("huge", 1e308, Hostility.OutOfRange),
            new HostileValue("nan", double.NaN, Hostility.OutOfRange),
        };

        /// <summary>Credentials for -ProxyCredential: a user name and a secret that no header can carry.</summary>
        public static readonly HostileValue[] Credentials =
        {
            new HostileValue("credential-control", new PSCredential("fz\u001b[31muser", Secure("FZSECRET\0x")), Hostility.Control, "FZSECRET"),
        };

        /// <summary>Objects of the wrong type, piped to parameters that take input by value.</summary>
        public static HostileValue[] WrongTypes(object context) => new[]
        {
            new HostileValue("piped-context", context, Hostility.WrongType),
            new HostileValue("piped-number", 42, Hostility.WrongType),
        };

        /// <summary>The few values of each kind that the fast run (the test command's) sends.</summary>
        public static readonly HashSet<string> Fast = new HashSet<string>(StringComparer.Ordinal)
        {
            "dotdot", "blank", "esc", "lbracket", "100k",
            "uri-userinfo", "uri-relative", "uri-esc",
            "email-url", "secret-valid-then-nul", "minus-one", "credential-control", "piped-context",
        };
    }
}
