using System;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Security;

namespace CloudflareCni.Api
{
    /// <summary>
    /// A Cloudflare credential, held as a read-only SecureString. The plain text exists only while a request's
    /// headers are being written; nothing here returns or prints it.
    /// </summary>
    internal sealed class CfCredential
    {
        private readonly SecureString? secret;

        private CfCredential(CfAuthKind kind, SecureString? secret, string? email, string? hint)
        {
            Kind = kind;
            this.secret = secret;
            Email = email;
            Hint = hint;
        }

        /// <summary>
        /// Tells credentials apart without holding or showing them: a SHA-256 of kind, email and secret. Requests with the
        /// same identity share Cloudflare's rate limit.
        /// </summary>
        internal string Identity
        {
            get
            {
                if (identity is null)
                {
                    using (var sha = System.Security.Cryptography.SHA256.Create())
                    {
                        byte[] digest = sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(Kind + "|" + Email + "|" + Reveal()));
                        identity = Convert.ToBase64String(digest);
                    }
                }

                return identity;
            }
        }

        private string? identity;

        public CfAuthKind Kind { get; }

        public string? Email { get; }

        /// <summary>At most the last 4 characters of the secret, and only for secrets long enough that this reveals little.</summary>
        public string? Hint { get; }

        public static CfCredential None { get; } = new CfCredential(CfAuthKind.None, null, null, null);

        public static CfCredential FromToken(SecureString token) => new CfCredential(CfAuthKind.ApiToken, Seal(token), null, HintOf(token));

        public static CfCredential FromToken(string token) => FromToken(ToSecureString(token));

        public static CfCredential FromKey(string email, SecureString key) => new CfCredential(CfAuthKind.ApiKey, Seal(key), email, HintOf(key));

        public static CfCredential FromKey(string email, string key) => FromKey(email, ToSecureString(key));

        /// <summary>
        /// Null when the text can travel in an HTTP header as a credential, else why not: not blank, not too long, visible
        /// ASCII only (so no NUL, CR, LF or other control character, which is refused, never cut off). Deliberately without
        /// the value, which is a secret: only its position is named.
        /// </summary>
        public static string? TextFault(string what, string? text)
        {
            if (text is null || text.Trim().Length == 0)
            {
                return $"The {what} is empty or blank.";
            }

            if (text.Length > Validation.ModuleRules.MaxCredentialLength)
            {
                return $"The {what} has {text.Length} characters: Cloudflare credentials have far fewer (at most {Validation.ModuleRules.MaxCredentialLength} are taken).";
            }

            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] <= 0x20 || text[i] > 0x7E)
                {
                    return $"The {what} has a character at position {i + 1} that a credential cannot hold: only visible ASCII characters, without spaces, can travel in the HTTP header.";
                }
            }

            return null;
        }

        /// <summary>The same check for a secret held as a SecureString.</summary>
        public static string? TextFault(string what, SecureString secret) => TextFault(what, Plain(secret));

        public void Apply(HttpRequestMessage request)
        {
            switch (Kind)
            {
                case CfAuthKind.ApiToken:
                    request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Reveal());
                    break;
                case CfAuthKind.ApiKey:
                    request.Headers.TryAddWithoutValidation("X-Auth-Email", Email);
                    request.Headers.TryAddWithoutValidation("X-Auth-Key", Reveal());
                    break;
            }
        }

        public override string ToString() => Hint is null ? Kind.ToString() : Kind + " (..." + Hint + ")";

        private string Reveal() => secret is null ? string.Empty : Plain(secret);

        /// <summary>The plain text, for the moment it is needed; the unmanaged copy is zeroed at once.</summary>
        private static string Plain(SecureString value)
        {
            IntPtr pointer = Marshal.SecureStringToGlobalAllocUnicode(value);
            try
            {
                // By its length: a NUL inside the secret must not end it early (a secret cut short at a NUL could still
                // pass for a valid one).
                return Marshal.PtrToStringUni(pointer, value.Length);
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }

        private static SecureString Seal(SecureString value)
        {
            SecureString copy = value.Copy();
            copy.MakeReadOnly();
            return copy;
        }

        internal static SecureString ToSecureString(string value)
        {
            var secure = new SecureString();
            foreach (char c in value)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }

        private static string? HintOf(SecureString value)
        {
            // Below 20 characters the last 4 would give away too large a share of the secret.
            if (value.Length < 20)
            {
                return null;
            }

            string plain = Plain(value);
            return plain.Substring(plain.Length - 4);
        }
    }
}
