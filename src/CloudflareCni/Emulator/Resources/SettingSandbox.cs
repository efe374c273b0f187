using System.Text.Json.Nodes;
using CloudflareCni.Api.Json;
using CloudflareCni.Validation;

namespace CloudflareCni.Emulator.Resources
{
    /// <summary>/accounts/{account_id}/cni/settings: the account's settings, one object per account. Seed section <c>settings</c>, an object.</summary>
    internal sealed class SettingSandbox : SandboxResource
    {
        /// <summary>The <c>default_asn</c> an account's settings start with.</summary>
        public const long InitialDefaultAsn = 65000;

        public override string Route => "cni/settings";

        public override string SeedSection => "settings";

        public override int SeedOrder => 3;

        public override EmulatorResponse Handle(SandboxRequest request)
        {
            if (request.Path.Length != 0)
            {
                throw CniEmulator.NoRoute();
            }

            Allow(request, "GET, PUT");
            SettingsJson settings = Of(request.Account);
            if (request.Method == "PUT")
            {
                JsonObject body = request.Body();
                settings.DefaultAsn = EmulatorJson.RequireInteger(body, SettingsJson.Names.DefaultAsn, SettingsJson.Names.DefaultAsn, 0, ApiRules.MaxAsn);
            }

            return request.Json(settings, SettingsJsonContext.Default.SettingsJson);
        }

        public override void Seed(SandboxAccount account, JsonNode section)
        {
            if (!(section is JsonObject settings))
            {
                throw new SandboxDataException(SeedSection + " must be an object, such as {\"" + SettingsJson.Names.DefaultAsn + "\": 65000}.");
            }

            Of(account).DefaultAsn = Checked(SeedSection!, () => EmulatorJson.RequireInteger(settings, SettingsJson.Names.DefaultAsn, SettingsJson.Names.DefaultAsn, 0, ApiRules.MaxAsn));
        }

        /// <summary>The account's settings.</summary>
        public static SettingsJson Of(SandboxAccount account) => account.Single(() => new SettingsJson { DefaultAsn = InitialDefaultAsn });
    }
}
