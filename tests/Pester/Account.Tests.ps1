# Connecting, disconnecting and the context: Connect-CfAccount, Disconnect-CfAccount, Get-CfContext.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')

    # Test data only: a fake token, long enough (20+ characters) for the module to show its last four characters.
    $Token = 'cf-pester-secret-token-0123456789'
    # Nothing listens on port 9 (discard) of the loopback address: a connection that is never used, or refused.
    $UnusedBaseUri = 'https://127.0.0.1:9/client/v4'

    function New-CfTestSecureToken {
        param([string] $Text = $Token)
        ConvertTo-SecureString -String $Text -AsPlainText -Force
    }
}

Describe 'Connect-CfAccount' {
    BeforeAll {
        $savedEnv = Save-CfTestEnvironment
        Connect-CfTestSandbox
    }

    AfterAll {
        Disconnect-CfAccount
        Restore-CfTestEnvironment -Saved $savedEnv
    }

    It 'connects to the sandbox and writes the context' {
        $context = @(Connect-CfAccount -Sandbox -WarningAction SilentlyContinue)
        $context | Should -HaveCount 1
        $context[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.CfContext'
        "$($context[0].AuthKind)" | Should -Be 'Sandbox'
        $context[0].Sandbox | Should -BeTrue
        $context[0].AccountId | Should -Be $CfSandboxAccountId
        "$($context[0].Source)" | Should -Be 'Session'
        $context[0].BaseUri.Host | Should -Be 'sandbox.cloudflarecni.invalid'
        $context[0].CredentialHint | Should -BeNullOrEmpty
    }

    It 'does not warn about a missing default account when connecting to the sandbox, which has one' {
        $null = Connect-CfAccount -Sandbox -WarningVariable warnings -WarningAction SilentlyContinue
        (Get-CfContext).AccountId | Should -Be $CfSandboxAccountId
        $warnings | Should -BeNullOrEmpty -Because 'the sandbox connection has a default account, so the warning would be wrong'
    }

    It 'starts a fresh sandbox on every Connect' {
        Connect-CfTestSandbox
        $null = New-CfTestGcpInterconnect
        @(Get-CfInterconnect) | Should -HaveCount 1

        Connect-CfTestSandbox
        Get-CfInterconnect | Should -BeNullOrEmpty
        @(Get-CfCniSlot) | Should -HaveCount 12
        @(Get-CfCniSlot -Occupied) | Should -HaveCount 3
    }

    It 'uses -AccountId as the default account of the sandbox' {
        $context = Connect-CfAccount -Sandbox -AccountId $CfOtherAccountId -WarningAction SilentlyContinue
        $context.AccountId | Should -Be $CfOtherAccountId
        $icon = New-CfTestGcpInterconnect
        $icon.Account | Should -Be $CfOtherAccountId
    }

    It 'takes the default account from CLOUDFLARE_ACCOUNT_ID when -AccountId is not given' {
        $env:CLOUDFLARE_ACCOUNT_ID = $CfEnvAccountId
        try {
            $context = Connect-CfAccount -Sandbox -WarningAction SilentlyContinue
            $context.AccountId | Should -Be $CfEnvAccountId
        }
        finally {
            Remove-Item -LiteralPath Env:CLOUDFLARE_ACCOUNT_ID -ErrorAction SilentlyContinue
        }
    }

    It 'keeps the request settings it was given, and has the documented defaults' {
        $default = Connect-CfAccount -Sandbox -WarningAction SilentlyContinue
        $default.TimeoutSec | Should -Be 60
        $default.MaximumRetryCount | Should -Be 3
        $default.MaximumRetryWaitSec | Should -Be 60

        $custom = Connect-CfAccount -Sandbox -TimeoutSec 30 -MaximumRetryCount 1 -MaximumRetryWaitSec 5 -WarningAction SilentlyContinue
        $custom.TimeoutSec | Should -Be 30
        $custom.MaximumRetryCount | Should -Be 1
        $custom.MaximumRetryWaitSec | Should -Be 5
        (Get-CfContext).TimeoutSec | Should -Be 30
    }

    It 'connects with an API token without sending a request, and shows only a hint of it' {
        $context = Connect-CfAccount -ApiToken (New-CfTestSecureToken) -AccountId $CfOtherAccountId -BaseUri $UnusedBaseUri -SkipCredentialCheck
        "$($context.AuthKind)" | Should -Be 'ApiToken'
        $context.CredentialHint | Should -Be '...6789'
        $context.AccountId | Should -Be $CfOtherAccountId
        $context.BaseUri.AbsoluteUri | Should -Be 'https://127.0.0.1:9/client/v4'
        "$($context.Source)" | Should -Be 'Session'
        $context.Sandbox | Should -BeFalse
    }

    It 'connects with a global API key and -Email' {
        $key = ConvertTo-SecureString -String 'global-api-key-0123456789abcdef' -AsPlainText -Force
        $context = Connect-CfAccount -ApiKey $key -Email 'ops@example.com' -AccountId $CfOtherAccountId -BaseUri $UnusedBaseUri -SkipCredentialCheck
        "$($context.AuthKind)" | Should -Be 'ApiKey'
        $context.Email | Should -Be 'ops@example.com'
        $context.CredentialHint | Should -Be '...cdef'
    }

    It 'reads CLOUDFLARE_API_TOKEN when no credential parameter is given' {
        $env:CLOUDFLARE_API_TOKEN = $Token
        try {
            $context = Connect-CfAccount -AccountId $CfOtherAccountId -BaseUri $UnusedBaseUri -SkipCredentialCheck
            "$($context.AuthKind)" | Should -Be 'ApiToken'
            $context.CredentialHint | Should -Be '...6789'
        }
        finally {
            Remove-Item -LiteralPath Env:CLOUDFLARE_API_TOKEN -ErrorAction SilentlyContinue
        }
    }

    It 'fails with the terminating error CfAccount.NoCredential when no credential is given or set' {
        $err = { Connect-CfAccount -AccountId $CfOtherAccountId -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId 'CfAccount.NoCredential,CloudflareCni.Cmdlets.ConnectCfAccountCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
    }

    It 'refuses a plain-http base URI for a token, and keeps the previous connection' {
        Connect-CfTestSandbox
        # The parameter's validation refuses it, so the binder reports it before the cmdlet runs.
        $err = { Connect-CfAccount -ApiToken (New-CfTestSecureToken) -AccountId $CfOtherAccountId -BaseUri 'http://api.example.com/client/v4' } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.ConnectCfAccountCommand' -PassThru
        $err.Exception.Message | Should -BeLike '*not https*clear text*'
        "$((Get-CfContext).AuthKind)" | Should -Be 'Sandbox'
    }

    It 'refuses an account id that is not 32 hexadecimal characters, a base URI with a password, and an email that is none' {
        { Connect-CfAccount -ApiToken (New-CfTestSecureToken) -AccountId '../../etc/passwd' -BaseUri $UnusedBaseUri -SkipCredentialCheck } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.ConnectCfAccountCommand'
        $err = { Connect-CfAccount -ApiToken (New-CfTestSecureToken) -BaseUri 'https://ops:pa55word@127.0.0.1:9/client/v4' -SkipCredentialCheck } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.ConnectCfAccountCommand' -PassThru
        "$err" | Should -Not -BeLike '*pa55word*'
        $key = ConvertTo-SecureString -String 'global-api-key-0123456789abcdef' -AsPlainText -Force
        { Connect-CfAccount -ApiKey $key -Email '*' -BaseUri $UnusedBaseUri -SkipCredentialCheck } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.ConnectCfAccountCommand'
    }

    It 'allows plain http on a loopback address' {
        $context = Connect-CfAccount -ApiToken (New-CfTestSecureToken) -AccountId $CfOtherAccountId -BaseUri 'http://127.0.0.1:9/client/v4' -SkipCredentialCheck
        $context.BaseUri.Scheme | Should -Be 'http'
    }

    It 'does not take the token as plain text, and does not quote it in the error' {
        $plain = 'plain-text-token-0123456789'
        $refusal = $null
        try { Connect-CfAccount -ApiToken $plain -AccountId $CfOtherAccountId } catch { $refusal = $_ }
        $refusal | Should -Not -BeNullOrEmpty
        $refusal.FullyQualifiedErrorId | Should -Be 'ParameterArgumentTransformationError,CloudflareCni.Cmdlets.ConnectCfAccountCommand'
        $refusal.ToString() | Should -BeLike '*SecureString*'
        ($refusal | Out-String) | Should -Not -BeLike "*$plain*"
        $refusal.Exception.ToString() | Should -Not -BeLike "*$plain*"
    }

    It 'validates -TimeoutSec before connecting' {
        Connect-CfTestSandbox
        { Connect-CfAccount -Sandbox -TimeoutSec 0 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.ConnectCfAccountCommand'
        { Connect-CfAccount -Sandbox -MaximumRetryCount 21 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.ConnectCfAccountCommand'
        "$((Get-CfContext).AuthKind)" | Should -Be 'Sandbox'
    }

    It 'does not combine -Sandbox with -BaseUri' {
        { Connect-CfAccount -Sandbox -BaseUri 'https://example.invalid/client/v4' } |
            Should -Throw -ErrorId 'AmbiguousParameterSet,CloudflareCni.Cmdlets.ConnectCfAccountCommand'
    }
}

Describe 'Disconnect-CfAccount' {
    BeforeAll {
        $savedEnv = Save-CfTestEnvironment
        Connect-CfTestSandbox
    }

    AfterAll {
        Disconnect-CfAccount
        Restore-CfTestEnvironment -Saved $savedEnv
    }

    BeforeEach {
        Connect-CfTestSandbox
    }

    It 'writes nothing and forgets the connection' {
        $output = Disconnect-CfAccount
        $output | Should -BeNullOrEmpty
        @(Get-CfContext) | Should -HaveCount 0
    }

    It 'makes a listing fail with the terminating error CfAccount.NotConnected' {
        Disconnect-CfAccount
        # -ErrorAction SilentlyContinue does not silence a terminating error.
        $err = { Get-CfInterconnect -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId 'CfAccount.NotConnected,CloudflareCni.Cmdlets.GetCfInterconnectCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
        $err.Exception.Message | Should -BeLike '*Connect-CfAccount*'
    }

    It 'makes by-name and settings calls fail with CfAccount.NotConnected too' {
        Disconnect-CfAccount
        { 'icon-1', 'icon-2' | Get-CfInterconnectStatus -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId 'CfAccount.NotConnected,CloudflareCni.Cmdlets.GetCfInterconnectStatusCommand'
        { Get-CfCniSetting -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId 'CfAccount.NotConnected,CloudflareCni.Cmdlets.GetCfCniSettingCommand'
        { Remove-CfCni -Id ([guid]::NewGuid().ToString()) -Force -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId 'CfAccount.NotConnected,CloudflareCni.Cmdlets.RemoveCfCniCommand'
    }

    It 'says so in the verbose stream when nothing was connected' {
        Disconnect-CfAccount
        $records = Disconnect-CfAccount -Verbose 4>&1
        Get-CfTestVerboseMessage -Records $records | Should -Contain 'No Cloudflare session was connected.'
    }

    It 'leaves the CLOUDFLARE_* environment variables in charge' {
        Disconnect-CfAccount
        $env:CLOUDFLARE_API_TOKEN = $Token
        $env:CLOUDFLARE_ACCOUNT_ID = $CfEnvAccountId
        $env:CLOUDFLARE_BASE_URL = $UnusedBaseUri
        try {
            $context = Get-CfContext
            "$($context.Source)" | Should -Be 'Environment'
            "$($context.AuthKind)" | Should -Be 'ApiToken'
            $context.AccountId | Should -Be $CfEnvAccountId
            $context.BaseUri.AbsoluteUri | Should -Be 'https://127.0.0.1:9/client/v4'
        }
        finally {
            Remove-Item -LiteralPath Env:CLOUDFLARE_API_TOKEN, Env:CLOUDFLARE_ACCOUNT_ID, Env:CLOUDFLARE_BASE_URL -ErrorAction SilentlyContinue
        }
    }

    It 'is undone by a new Connect' {
        Disconnect-CfAccount
        Connect-CfTestSandbox
        @(Get-CfCniSlot) | Should -HaveCount 12
    }
}

Describe 'Get-CfContext' {
    BeforeAll {
        $savedEnv = Save-CfTestEnvironment
        Connect-CfTestSandbox
    }

    AfterAll {
        Disconnect-CfAccount
        Restore-CfTestEnvironment -Saved $savedEnv
    }

    It 'describes the sandbox connection in its default list view' {
        Connect-CfTestSandbox
        $context = @(Get-CfContext)
        $context | Should -HaveCount 1
        $context[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.CfContext'
        "$($context[0].AuthKind)" | Should -Be 'Sandbox'
        $context[0].AccountId | Should -Be $CfSandboxAccountId

        $text = Get-CfContext | ConvertTo-CfTestText
        $text | Should -Match 'AuthKind\s*:\s*Sandbox'
        $text | Should -Match "AccountId\s*:\s*$CfSandboxAccountId"
        $text | Should -Match 'CredentialHint\s*:'
        $text | Should -Match 'BaseUri\s*:\s*https://sandbox\.cloudflarecni\.invalid/client/v4'
    }

    It 'never shows the token, only its last four characters' {
        $null = Connect-CfAccount -ApiToken (New-CfTestSecureToken) -AccountId $CfOtherAccountId -BaseUri $UnusedBaseUri -SkipCredentialCheck
        $context = Get-CfContext
        $context.CredentialHint | Should -Be '...6789'

        $shown = Get-CfContext | ConvertTo-CfTestText
        $shown | Should -BeLike '*...6789*'
        $shown | Should -Not -BeLike "*$Token*"
        $shown | Should -Not -BeLike '*secret-token*'

        Get-CfContext | Format-List -Property * | ConvertTo-CfTestText | Should -Not -BeLike '*secret-token*'
        Get-CfContext | ConvertTo-Json -Depth 3 | Should -Not -BeLike '*secret-token*'
        (@($context.PSObject.Properties) | ForEach-Object { "$($_.Value)" }) -join "`n" | Should -Not -BeLike '*secret-token*'
    }

    It 'gives no hint of a short token' {
        $null = Connect-CfAccount -ApiToken (New-CfTestSecureToken -Text 'short-token') -AccountId $CfOtherAccountId -BaseUri $UnusedBaseUri -SkipCredentialCheck
        $context = Get-CfContext
        "$($context.AuthKind)" | Should -Be 'ApiToken'
        $context.CredentialHint | Should -BeNullOrEmpty
        Get-CfContext | ConvertTo-CfTestText | Should -Not -BeLike '*short-token*'
    }

    It 'writes nothing when nothing is connected and no CLOUDFLARE_* variable is set, and -Verbose says why' {
        Disconnect-CfAccount
        $env:CLOUDFLARE_ACCOUNT_ID = $CfEnvAccountId
        try {
            $context = Get-CfContext -Verbose 4>&1
        }
        finally {
            Remove-Item Env:CLOUDFLARE_ACCOUNT_ID
        }
        # An account id alone is no connection: nothing that reads as one is written.
        @($context | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }) | Should -HaveCount 0
        @($context | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message |
            Should -Be 'No default connection, so nothing to show: nothing is connected, and no CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL) is set. Run Connect-CfAccount.'
    }

    It 'describes the CLOUDFLARE_* variables when nothing is connected, without the token' {
        Disconnect-CfAccount
        $env:CLOUDFLARE_API_TOKEN = $Token
        $env:CLOUDFLARE_ACCOUNT_ID = $CfEnvAccountId
        try {
            $context = Get-CfContext
            "$($context.Source)" | Should -Be 'Environment'
            "$($context.AuthKind)" | Should -Be 'ApiToken'
            $context.AccountId | Should -Be $CfEnvAccountId
            $context.CredentialHint | Should -Be '...6789'
            Get-CfContext | ConvertTo-CfTestText | Should -Not -BeLike '*secret-token*'
        }
        finally {
            Remove-Item -LiteralPath Env:CLOUDFLARE_API_TOKEN, Env:CLOUDFLARE_ACCOUNT_ID -ErrorAction SilentlyContinue
        }
    }
}

Describe 'Named connections and -Connection' {
    BeforeAll {
        $savedEnv = Save-CfTestEnvironment
        # The session's own connection: a token for an address nobody listens on, never used by these tests.
        $null = Connect-CfAccount -ApiToken (New-CfTestSecureToken) -AccountId $CfOtherAccountId -BaseUri $UnusedBaseUri -SkipCredentialCheck
    }

    AfterAll {
        Get-CfContext -ListAvailable | Where-Object ConnectionName | ForEach-Object { Disconnect-CfAccount -Name $_.ConnectionName }
        Disconnect-CfAccount
        Restore-CfTestEnvironment -Saved $savedEnv
    }

    It 'keeps a named sandbox beside the default, which stays the real connection' {
        $named = Connect-CfAccount -Sandbox -Name pester-sandbox -PendingStatusReads 0
        $named.ConnectionName | Should -Be 'pester-sandbox'
        $named.IsDefault | Should -BeFalse
        (Get-CfContext).AccountId | Should -Be $CfOtherAccountId

        $icon = Get-CfCniSlot -Connection pester-sandbox -Occupied:$false -First 1 | New-CfInterconnect -Type direct -Connection pester-sandbox -Confirm:$false
        (Wait-CfInterconnect -Name $icon.Name -Connection pester-sandbox -PollInterval 0.1 -Timeout 5).State | Should -Be 'Healthy'
        @(Get-CfSandboxRequest -Connection pester-sandbox -Method POST) | Should -HaveCount 1
    }

    It 'runs a Pester-style block against a -PassThru sandbox through $PSDefaultParameterValues' {
        $PSDefaultParameterValues['*-Cf*:Connection'] = Connect-CfAccount -Sandbox -SandboxEmpty -PassThru
        try {
            Get-CfCniSlot | Should -BeNullOrEmpty -Because 'the -PassThru sandbox is empty'
            (Get-CfContext).AccountId | Should -Be $CfOtherAccountId
        }
        finally {
            $PSDefaultParameterValues.Remove('*-Cf*:Connection')
        }
    }

    It 'lists the connections without their secrets, and forgets one by name' {
        $null = Connect-CfAccount -Sandbox -Name pester-other
        $listed = @(Get-CfContext -ListAvailable)
        ($listed | ForEach-Object { '{0}:{1}' -f $_.ConnectionName, $_.IsDefault }) -join ',' | Should -Be ':True,pester-other:False,pester-sandbox:False'
        $listed | Format-List -Property * | ConvertTo-CfTestText | Should -Not -BeLike '*secret-token*'

        Disconnect-CfAccount -Name pester-other
        (Get-CfContext -ListAvailable).ConnectionName | Should -Not -Contain 'pester-other'
        { Get-CfCniSlot -Connection pester-other } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,CloudflareCni.Cmdlets.GetCfCniSlotCommand'
        { Disconnect-CfAccount -Name pester-other -ErrorAction Stop } | Should -Throw -ErrorId 'CfAccount.ConnectionNotFound,*'
    }

    It 'refuses a connection passed into Start-Job, naming the alternatives, while a job that connects itself works' {
        $passed = Connect-CfAccount -Sandbox -PassThru
        $named = Connect-CfAccount -Sandbox -Name pester-job
        $job = Start-Job {
            Import-Module $using:CfModuleManifest
            foreach ($connection in $using:passed, $using:named) {
                try { Get-CfCniSlot -Connection $connection -First 1 | Out-Null; 'bound' }
                catch { '{0}|{1}' -f $_.FullyQualifiedErrorId, $_.Exception.Message }
            }

            $null = Connect-CfAccount -Sandbox
            @(Get-CfCniSlot -First 1).Count
        }
        $output = @($job | Wait-Job -Timeout 120 | Receive-Job)
        $job | Remove-Job -Force

        $output | Should -HaveCount 3
        foreach ($refusal in $output[0..1]) {
            $refusal | Should -BeLike 'ParameterArgumentTransformationError,CloudflareCni.Cmdlets.GetCfCniSlotCommand|*holds no connection*'
            $refusal | Should -BeLike '*Connect inside the job*Start-ThreadJob or ForEach-Object -Parallel*'
        }
        $output[1] | Should -BeLike "*no connection named 'pester-job'*"
        $output[2] | Should -Be 1 -Because 'a job that connects by itself has its own connection'
    }

    It 'completes connection names on Tab' {
        $text = 'Get-CfInterconnect -Connection pester-s'
        @([System.Management.Automation.CommandCompletion]::CompleteInput($text, $text.Length, $null).CompletionMatches.CompletionText) |
            Should -Be @('pester-sandbox')
    }
}

Describe 'Connections per runspace' {
    BeforeAll {
        $savedEnv = Save-CfTestEnvironment
        # This runspace connects first, so it owns the session's default.
        $null = Connect-CfAccount -Sandbox -AccountId $CfOtherAccountId
    }

    AfterAll {
        Disconnect-CfAccount
        Restore-CfTestEnvironment -Saved $savedEnv
    }

    It 'runs the multi-account runbook of about_CloudflareCni: each runspace acts on the account it connected to' {
        # Six accounts: 00000000000000000000000000000001 to ...06.
        $accounts = 1..6 | ForEach-Object { '{0:x32}' -f $_ }
        $results = $accounts | ForEach-Object -ThrottleLimit 2 -Parallel {
            $ErrorActionPreference = 'Stop'
            Import-Module $using:CfModuleManifest
            Connect-CfAccount -Sandbox -AccountId $_ | Out-Null
            $icon = Get-CfCniSlot -Occupied:$false -First 1 | New-CfInterconnect -Type direct
            '{0}={1}' -f $_, $icon.Account
        }

        $results | Sort-Object | Should -Be @($accounts | ForEach-Object { "$_=$_" })
        (Get-CfContext).AccountId | Should -Be $CfOtherAccountId -Because 'a connect in another runspace never changes this one'
    }

    It 'gives a runspace that never connected the session default, and a failed connect no fallback' {
        $results = 1, 2 | ForEach-Object -ThrottleLimit 1 -Parallel {
            Import-Module $using:CfModuleManifest
            if ($_ -eq 1) {
                (Get-CfContext).AccountId
                Connect-CfAccount -Sandbox -AccountId $using:CfThirdAccountId | Out-Null
            }
            else {
                try { Connect-CfAccount -Sandbox -SandboxData '{ not json' } catch { $_.FullyQualifiedErrorId }
                try { Get-CfCniSlot -First 1 } catch { $_.FullyQualifiedErrorId }
            }
        }

        $results | Should -Be @(
            $CfOtherAccountId
            'CfSandbox.InvalidData,CloudflareCni.Cmdlets.ConnectCfAccountCommand'
            'CfAccount.NotConnected,CloudflareCni.Cmdlets.GetCfCniSlotCommand'
        )
    }
}
