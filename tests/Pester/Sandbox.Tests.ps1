# The sandbox as a test fixture: seeding it (Connect-CfAccount -Sandbox -SandboxData/-SandboxEmpty/-PendingStatusReads),
# shaping it (Set-CfSandboxInterconnect, Add-/Get-/Clear-CfSandboxFault, Get-/Set-CfSandboxRateLimit), reading what it
# received (Get-/Clear-CfSandboxRequest), its own clock (-SandboxRealTime), and the refusal of those cmdlets on any
# connection that is not a sandbox.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')

    $SlotId = '6a1f0c4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b'
    function New-CfTestSeed {
        # One free slot at AMS01, a physical interconnect on it that is Down, a GCP partner interconnect, one CNI.
        @{
            slots         = @(
                @{ id = $SlotId; site = 'AMS01'; speed = '10G'; facility = @{ name = 'Equinix AM3'; address = @('Science Park 610', '1098 XH Amsterdam') } }
                @{ id = '7b2e1d5f-3c4e-4f60-9b0c-1d2e3f4a5b6c'; site = 'FRA05'; speed = '100G'; facility = @{ name = 'Interxion FRA6'; address = @('Hanauer Landstraße 298') } }
            )
            interconnects = @(
                @{ name = 'icon-ams'; type = 'direct'; slot_id = $SlotId; status = @{ state = 'Down'; reason = 'Loss of light' } }
                @{ name = 'icon-gcp'; type = 'gcp_partner'; region = 'europe-west4'; speed = '1G' }
            )
            cnis          = @(
                @{ interconnect = 'icon-gcp'; magic = @{ conduit_name = 'tunnel-gcp'; description = 'to GCP'; mtu = 1460 }; bgp = @{ customer_asn = 65010; extra_prefixes = @('192.0.2.0/24') } }
            )
            settings      = @{ default_asn = 64999 }
        }
    }
}

Describe 'Connect-CfAccount -Sandbox: what the sandbox starts with' {
    BeforeAll { $savedEnv = Save-CfTestEnvironment }
    AfterAll {
        Disconnect-CfAccount
        Restore-CfTestEnvironment -Saved $savedEnv
    }

    It 'starts from a small estate by default: interconnects of both kinds in every link state, CNIs with and without BGP, their tunnels' {
        $null = Connect-CfAccount -Sandbox
        $icons = @(Get-CfInterconnect)
        $icons.Kind | Sort-Object -Unique | Should -Be @('GcpPartner', 'Physical')
        @(($icons | Get-CfInterconnectStatus).State | Sort-Object -Unique) | Should -Be @('Down', 'Healthy', 'Pending', 'Unhealthy')
        $cnis = @(Get-CfCni)
        @($cnis | Where-Object CustomerAsn).Count | Should -BeGreaterThan 0
        @($cnis | Where-Object { -not $_.CustomerAsn }).Count | Should -BeGreaterThan 0
        @($cnis.Interconnect | Sort-Object -Unique | ForEach-Object { ($icons | Where-Object Name -eq $_).Kind } | Sort-Object -Unique) | Should -Be @('GcpPartner', 'Physical')
        @(Get-CfCniTunnel) | Should -HaveCount $icons.Count
        @(Get-CfCniTunnel | Where-Object HealthCheckType -eq 'request').Count | Should -BeGreaterThan 0
        @(Get-CfCniSlot -Occupied:$false).Count | Should -BeGreaterThan 0
        $icons[0] | Save-CfInterconnectLoa -Path (Join-Path $TestDrive 'loa.pdf')
        (Get-Item (Join-Path $TestDrive 'loa.pdf')).Length | Should -BeGreaterThan 0
    }

    It 'answers every Get- command on the first try' {
        $null = Connect-CfAccount -Sandbox
        $mandatory = { param($command) $command.ParameterSets | Where-Object IsDefault | ForEach-Object { $_.Parameters | Where-Object IsMandatory } }
        $gets = Get-Command -Module CloudflareCni -Verb Get | Where-Object { -not (& $mandatory $_) }
        $gets.Count | Should -BeGreaterThan 5
        # Those that act on every interconnect when given no name are among them (their default set needs nothing).
        $gets.Name | Should -Contain 'Get-CfInterconnectStatus'
        $gets.Name | Should -Contain 'Get-CfInterconnectLoaName'
        foreach ($get in $gets) {
            $found = @(& $get.Name -ErrorAction Stop)
            if ($get.Name -ne 'Get-CfSandboxFault') {
                $found.Count | Should -BeGreaterThan 0 -Because "$($get.Name) should find something in the sample"
            }
        }
        # Those that need a name are one Tab away: the names complete from the sample.
        $line = 'Get-CfInterconnectStatus -Name icon-'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'icon-ams01-001'

    }

    It 'starts empty with -SandboxEmpty' {
        $context = Connect-CfAccount -Sandbox -SandboxEmpty
        $context.Sandbox | Should -BeTrue
        @(Get-CfCniSlot) | Should -HaveCount 0
        @(Get-CfInterconnect) | Should -HaveCount 0
        (Get-CfCniSetting).DefaultAsn | Should -Be 65000
    }

    It 'starts from a hashtable in the API''s own field names' {
        $null = Connect-CfAccount -Sandbox -SandboxData (New-CfTestSeed)
        $slots = @(Get-CfCniSlot)
        ($slots | ForEach-Object { "$($_.Site):$($_.Occupied)" }) -join ',' | Should -Be 'AMS01:True,FRA05:False'
        $icons = @(Get-CfInterconnect)
        ($icons | ForEach-Object { $_.Name }) -join ',' | Should -Be 'icon-ams,icon-gcp'
        $icons[0].Site | Should -Be 'AMS01'
        $icons[0].FacilityName | Should -Be 'Equinix AM3'
        $icons[1].Region | Should -Be 'europe-west4'
        $status = Get-CfInterconnectStatus -Name 'icon-ams'
        "$($status.State)" | Should -Be 'Down'
        $status.Reason | Should -Be 'Loss of light'
        "$((Get-CfInterconnectStatus -Name 'icon-gcp').State)" | Should -Be 'Healthy' -Because 'a seeded interconnect without a status is up'
        $cni = Get-CfCni
        $cni.Interconnect | Should -Be 'icon-gcp'
        $cni.Mtu | Should -Be 1460
        $cni.CloudflareIp | Should -Be '100.64.0.0/31'
        (Get-CfCniSetting).DefaultAsn | Should -Be 64999
    }

    It 'starts from a JSON file, from JSON text, and from ConvertFrom-Json objects' {
        $path = Join-Path $TestDrive 'seed.json'
        New-CfTestSeed | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $path -Encoding utf8

        $null = Connect-CfAccount -Sandbox -SandboxData $path
        @(Get-CfInterconnect) | Should -HaveCount 2
        (Get-CfCniSlot -Site FRA05).FacilityAddress | Should -Be 'Hanauer Landstraße 298'

        Push-Location -LiteralPath $TestDrive
        try { $null = Connect-CfAccount -Sandbox -SandboxData 'seed.json' }
        finally { Pop-Location }
        @(Get-CfCni) | Should -HaveCount 1

        $null = Connect-CfAccount -Sandbox -SandboxData '{ "settings": { "default_asn": 4200000000 } }'
        (Get-CfCniSetting).DefaultAsn | Should -Be 4200000000
        @(Get-CfCniSlot) | Should -HaveCount 0

        $null = Connect-CfAccount -Sandbox -SandboxData (Get-Content -LiteralPath $path -Raw | ConvertFrom-Json)
        (Get-CfInterconnectStatus -Name 'icon-ams').Reason | Should -Be 'Loss of light'
    }

    It 'seeds the account given by -AccountId' {
        $null = Connect-CfAccount -Sandbox -AccountId $CfOtherAccountId -SandboxData (New-CfTestSeed)
        (Get-CfInterconnect -Name 'icon-ams').Account | Should -Be $CfOtherAccountId
        @(Get-CfInterconnect -AccountId $CfThirdAccountId) | Should -HaveCount 0
    }

    It 'refuses bad data with CfSandbox.InvalidData, naming the field, and leaves no older sandbox in its place' {
        $null = Connect-CfAccount -Sandbox -SandboxData (New-CfTestSeed)
        $bad = New-CfTestSeed
        $bad.interconnects[0].slot_id = '00000000-0000-4000-8000-000000000000'
        { Connect-CfAccount -Sandbox -SandboxData $bad } |
            Should -Throw -ErrorId 'CfSandbox.InvalidData,CloudflareCni.Cmdlets.ConnectCfAccountCommand' -ExpectedMessage "*interconnects``[0``].slot_id*"
        { Get-CfInterconnect } | Should -Throw -ErrorId 'CfAccount.NotConnected,*' -Because 'a failed connect never leaves the sandbox connected before in its place'

        { Connect-CfAccount -Sandbox -SandboxData @{ Slots = @() } } | Should -Throw -ExpectedMessage "*unknown section 'Slots'*"
        { Connect-CfAccount -Sandbox -SandboxData (Join-Path $TestDrive 'missing.json') } | Should -Throw -ErrorId 'CfSandbox.InvalidData,*' -ExpectedMessage '*cannot be read*'
        { Connect-CfAccount -Sandbox -SandboxData '{ "slots": [ }' } | Should -Throw -ErrorId 'CfSandbox.InvalidData,*' -ExpectedMessage '*not valid JSON*'
        { Connect-CfAccount -Sandbox -SandboxData @{ settings = @{ default_asn = [datetime]::Now } } } | Should -Throw -ErrorId 'CfSandbox.InvalidData,*' -ExpectedMessage '*System.DateTime at settings.default_asn*'
    }

    It 'does not combine -SandboxData with -SandboxEmpty, nor either with a credential' {
        { Connect-CfAccount -Sandbox -SandboxEmpty -SandboxData @{} } | Should -Throw -ErrorId 'AmbiguousParameterSet,*'
        { Connect-CfAccount -ApiToken (ConvertTo-SecureString 'x' -AsPlainText -Force) -SandboxEmpty } | Should -Throw -ErrorId 'AmbiguousParameterSet,*'
    }

    It 'makes a new interconnect Healthy at the first status read with -PendingStatusReads 0' {
        $null = Connect-CfAccount -Sandbox -PendingStatusReads 0
        $icon = New-CfTestPhysicalInterconnect
        "$((Get-CfInterconnectStatus -Name $icon.Name).State)" | Should -Be 'Healthy'
    }

    It 'runs a create then wait-until-Healthy test well under a second' {
        $null = Connect-CfAccount -Sandbox -PendingStatusReads 0
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $icon = Get-CfCniSlot -Site AMS01 -Occupied:$false -First 1 | New-CfInterconnect -Type direct
        $status = $icon | Wait-CfInterconnect -PollInterval 0.1 -Timeout 5
        $clock.Stop()
        "$($status.State)" | Should -Be 'Healthy'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 1
    }
}

Describe 'Set-CfSandboxInterconnect' {
    BeforeAll { $savedEnv = Save-CfTestEnvironment }
    AfterAll {
        Disconnect-CfAccount
        Restore-CfTestEnvironment -Saved $savedEnv
    }

    BeforeEach { $null = Connect-CfAccount -Sandbox -SandboxData (New-CfTestSeed) }

    It 'sets the state and reason that the status reports from the next read on' {
        Set-CfSandboxInterconnect -Name 'icon-gcp' -State Unhealthy -Reason 'CRC errors on the link' | Should -BeNullOrEmpty
        $status = Get-CfInterconnectStatus -Name 'icon-gcp'
        "$($status.State)" | Should -Be 'Unhealthy'
        $status.Reason | Should -Be 'CRC errors on the link'
        Set-CfSandboxInterconnect 'icon-gcp' Healthy
        $healthy = Get-CfInterconnectStatus -Name 'icon-gcp'
        "$($healthy.State)" | Should -Be 'Healthy'
        $healthy.Reason | Should -BeNullOrEmpty
    }

    It 'changes the status after N more reads with -AfterStatusReads' {
        Set-CfSandboxInterconnect -Name 'icon-ams' -State Healthy -AfterStatusReads 2
        $states = 1..3 | ForEach-Object { "$((Get-CfInterconnectStatus -Name 'icon-ams').State)" }
        $states -join ',' | Should -Be 'Down,Down,Healthy'
    }

    It 'lets Wait-CfInterconnect see a link come up' {
        Set-CfSandboxInterconnect -Name 'icon-ams' -State Healthy -AfterStatusReads 1
        $status = Wait-CfInterconnect -Name 'icon-ams' -PollInterval 0.1 -Timeout 5
        "$($status.State)" | Should -Be 'Healthy'
    }

    It 'takes interconnects from the pipeline' {
        Get-CfInterconnect | Set-CfSandboxInterconnect -State Down -Reason 'Planned maintenance'
        @(Get-CfInterconnect | Get-CfInterconnectStatus | Where-Object { $_.Reason -eq 'Planned maintenance' }) | Should -HaveCount 2
    }

    It 'writes a non-terminating CfSandbox.InterconnectNotFound error for an unknown name (compared exactly) and sets the others' {
        'ICON-GCP', 'icon-gcp' | Set-CfSandboxInterconnect -State Down -ErrorAction SilentlyContinue -ErrorVariable setErrors
        $setErrors | Should -HaveCount 1
        $setErrors[0].FullyQualifiedErrorId | Should -Be 'CfSandbox.InterconnectNotFound,CloudflareCni.Cmdlets.SetCfSandboxInterconnectCommand'
        $setErrors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $setErrors[0].TargetObject | Should -Be 'ICON-GCP'
        "$((Get-CfInterconnectStatus -Name 'icon-gcp').State)" | Should -Be 'Down'
    }

    It 'refuses a piped object of another type with CfValidation.UnsupportedInput, never taking its text as a name' {
        $context = Get-CfContext
        $context, 'icon-gcp' | Set-CfSandboxInterconnect -State Down -ErrorAction SilentlyContinue -ErrorVariable setErrors
        $setErrors | Should -HaveCount 1
        $setErrors[0].FullyQualifiedErrorId | Should -Be 'CfValidation.UnsupportedInput,CloudflareCni.Cmdlets.SetCfSandboxInterconnectCommand'
        "$((Get-CfInterconnectStatus -Name 'icon-gcp').State)" | Should -Be 'Down'
    }

    It 'refuses a name that could not address an interconnect, and a reason with control characters' {
        { Set-CfSandboxInterconnect -Name '..' -State Down } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { Set-CfSandboxInterconnect -Name 'icon-gcp' -State Down -Reason "red`e[31m" } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        "$((Get-CfInterconnectStatus -Name 'icon-gcp').State)" | Should -Be 'Healthy'
    }

    It 'changes nothing with -WhatIf, and reports a state the API does not publish as given, with a warning' {
        $null = Invoke-CfTestWhatIf -ScriptBlock { Set-CfSandboxInterconnect -Name 'icon-gcp' -State Down -WhatIf }
        "$((Get-CfInterconnectStatus -Name 'icon-gcp').State)" | Should -Be 'Healthy'
        { Set-CfSandboxInterconnect -Name 'icon-gcp' -State ' ' } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        Set-CfSandboxInterconnect -Name 'icon-gcp' -State Degraded -WarningVariable warned -WarningAction SilentlyContinue
        "$warned" | Should -BeLike "*'Degraded' is not a link state the API publishes*"
        (Get-CfInterconnectStatus -Name 'icon-gcp').State | Should -BeExactly 'Degraded'
        Set-CfSandboxInterconnect -Name 'icon-gcp' -State healthy -WarningVariable none
        $none | Should -BeNullOrEmpty
        (Get-CfInterconnectStatus -Name 'icon-gcp').State | Should -BeExactly 'Healthy'
    }
}

Describe 'Add-CfSandboxFault, Get-CfSandboxFault and Clear-CfSandboxFault' {
    BeforeAll { $savedEnv = Save-CfTestEnvironment }
    AfterAll {
        Disconnect-CfAccount
        Restore-CfTestEnvironment -Saved $savedEnv
    }

    # The module's own retry settings (3 retries, Retry-After, back-off from 0.5 s): the sandbox's clock skips the waits.
    BeforeEach { $null = Connect-CfAccount -Sandbox -SandboxData (New-CfTestSeed) }

    It 'answers 429 with Retry-After until the retries are spent: CfApi.RateLimited, the waits on the sandbox''s clock' {
        Add-CfSandboxFault -Kind TooManyRequests -Count 4
        # A listing that fails is a terminating error: a partial listing must not look complete.
        { Get-CfCni } | Should -Throw -ErrorId 'CfApi.RateLimited,CloudflareCni.Cmdlets.GetCfCniCommand'
        $sent = @(Get-CfSandboxRequest -Command Get-CfCni)
        $sent.StatusCode -join ',' | Should -Be '429,429,429,429'
        # Each retry waited the second that Retry-After asked for: the log's times, on the sandbox's clock, show it.
        foreach ($i in 1..3) { ($sent[$i].Time - $sent[$i - 1].Time).TotalSeconds | Should -BeGreaterOrEqual 1 }
        @(Get-CfCni) | Should -HaveCount 1 -Because 'the faults are used up'
    }

    It 'lets the module''s retries ride out a short 429 burst, waiting what Retry-After says, and -Verbose says so' {
        Add-CfSandboxFault TooManyRequests -Count 2 -RetryAfterSec 20
        @(Get-CfCni -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) -match '^Retrying GET .* in 20\.0 s' |
            Should -HaveCount 2
        $requests = @(Get-CfSandboxRequest -Command Get-CfCni)
        ($requests | ForEach-Object { $_.StatusCode }) -join ',' | Should -Be '429,429,200'
        ($requests | ForEach-Object { "$($_.Fault)" }) -join ',' | Should -Be 'TooManyRequests,TooManyRequests,'
        ($requests[2].Time - $requests[0].Time).TotalSeconds | Should -BeGreaterOrEqual 40
    }

    It 'answers 5xx, 401 and 403 with the module''s error ids' -ForEach @(
        @{ Kind = 'ServerError'; Id = 'CfApi.ServerError'; Status = 503; Sent = 4 }
        @{ Kind = 'Unauthorized'; Id = 'CfApi.AuthenticationFailed'; Status = 401; Sent = 1 }
        @{ Kind = 'Forbidden'; Id = 'CfApi.PermissionDenied'; Status = 403; Sent = 1 }
    ) {
        # A 5xx is retried (backing off 0.5 s, 1 s, 2 s); a 401 or 403 is final.
        Add-CfSandboxFault -Kind $Kind -Count 4
        Get-CfCniSetting -ErrorAction SilentlyContinue -ErrorVariable settingErrors | Should -BeNullOrEmpty
        $settingErrors[0].FullyQualifiedErrorId | Should -Be "$Id,CloudflareCni.Cmdlets.GetCfCniSettingCommand"
        @(Get-CfSandboxRequest) | Should -HaveCount $Sent
        (Get-CfSandboxRequest)[-1].StatusCode | Should -Be $Status
    }

    It 'answers a chosen 5xx with -StatusCode' {
        Add-CfSandboxFault ServerError -StatusCode 502 -Count 4
        Get-CfCniSetting -ErrorAction SilentlyContinue | Out-Null
        (Get-CfSandboxRequest).StatusCode -join ',' | Should -Be '502,502,502,502'
    }

    It 'resets the connection: CfApi.ConnectionFailed, once the retries are spent' {
        Add-CfSandboxFault ConnectionReset -Count 4
        Get-CfCniSetting -ErrorAction SilentlyContinue -ErrorVariable settingErrors | Out-Null
        $settingErrors[0].FullyQualifiedErrorId | Should -Be 'CfApi.ConnectionFailed,CloudflareCni.Cmdlets.GetCfCniSettingCommand'
        (Get-CfSandboxRequest).StatusCode -join ',' | Should -Be '0,0,0,0'
    }

    It 'stalls until the request''s own timeout: CfApi.Timeout after -TimeoutSec' {
        $null = Connect-CfAccount -Sandbox -TimeoutSec 1 -MaximumRetryCount 0
        Add-CfSandboxFault Stall
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        Get-CfCniSetting -ErrorAction SilentlyContinue -ErrorVariable settingErrors | Out-Null
        $clock.Stop()
        $settingErrors[0].FullyQualifiedErrorId | Should -Be 'CfApi.Timeout,CloudflareCni.Cmdlets.GetCfCniSettingCommand'
        $clock.Elapsed.TotalSeconds | Should -BeGreaterThan 0.9
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
        (Get-CfSandboxRequest)[-1].Fault | Should -Be 'Stall'
    }

    It 'hits only the requests of -Command, of -Method, or whose path matches -Path' {
        $null = Connect-CfAccount -Sandbox -SandboxData (New-CfTestSeed) -MaximumRetryCount 0
        Add-CfSandboxFault ServerError -Command New-CfCni
        Add-CfSandboxFault ServerError -Path '*/interconnects/*/status'
        Add-CfSandboxFault ServerError -Method DELETE
        @(Get-CfCni) | Should -HaveCount 1
        @(Get-CfInterconnect) | Should -HaveCount 2
        @(Get-CfSandboxFault) | Should -HaveCount 3

        Get-CfInterconnectStatus -Name 'icon-gcp' -ErrorAction SilentlyContinue -ErrorVariable statusErrors | Out-Null
        $statusErrors | Should -HaveCount 1
        New-CfCni -Interconnect 'icon-ams' -ConduitName 'c' -Mtu 1500 -ErrorAction SilentlyContinue -ErrorVariable newErrors | Out-Null
        $newErrors | Should -HaveCount 1
        Remove-CfCni -Id (Get-CfCni).Id -Force -ErrorAction SilentlyContinue -ErrorVariable removeErrors
        $removeErrors | Should -HaveCount 1
        @(Get-CfSandboxFault) | Should -HaveCount 0
        ((Get-CfSandboxRequest | Where-Object Fault) | ForEach-Object { $_.Command }) -join ',' |
            Should -Be 'Get-CfInterconnectStatus,New-CfCni,Remove-CfCni'
    }

    It 'lists the queued faults with what is left, and clears them' {
        $null = Connect-CfAccount -Sandbox -SandboxData (New-CfTestSeed) -MaximumRetryCount 0
        Add-CfSandboxFault TooManyRequests -Count 3 -Command get-cfcni
        Add-CfSandboxFault CommitThenFail -Method POST -StatusCode 504
        $faults = @(Get-CfSandboxFault)
        $faults | Should -HaveCount 2
        $faults[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.CfSandboxFault'
        ($faults[0].Kind, $faults[0].StatusCode, $faults[0].RetryAfterSec, $faults[0].Command, $faults[0].Remaining) -join ',' |
            Should -Be 'TooManyRequests,429,1,Get-CfCni,3'
        ($faults[1].Kind, $faults[1].StatusCode, $faults[1].Method, $faults[1].Remaining) -join ',' | Should -Be 'CommitThenFail,504,POST,1'
        $faults | ConvertTo-CfTestText | Should -Match 'Kind\s+StatusCode\s+Remaining\s+Method\s+Command\s+Path'

        { Get-CfCni } | Should -Throw -ErrorId 'CfApi.RateLimited,*'
        (Get-CfSandboxFault)[0].Remaining | Should -Be 2
        Clear-CfSandboxFault
        @(Get-CfSandboxFault) | Should -HaveCount 0
        @(Get-CfCni) | Should -HaveCount 1
    }

    It 'refuses options that do not fit the kind, and commands that send no requests' {
        { Add-CfSandboxFault Unauthorized -StatusCode 500 } | Should -Throw -ErrorId 'CfValidation.FaultParameterMismatch,CloudflareCni.Cmdlets.AddCfSandboxFaultCommand'
        { Add-CfSandboxFault ServerError -RetryAfterSec 1 } | Should -Throw -ErrorId 'CfValidation.FaultParameterMismatch,*'
        { Add-CfSandboxFault ServerError -StatusCode 404 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        { Add-CfSandboxFault ServerError -Command Get-CfContext } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*' -ExpectedMessage '*New-CfCni*'
        { Add-CfSandboxFault Slow } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        @(Get-CfSandboxFault) | Should -HaveCount 0
    }

    It 'completes -Command and -Kind on Tab' {
        $text = 'Add-CfSandboxFault ServerError -Command New-CfC'
        $completions = @([System.Management.Automation.CommandCompletion]::CompleteInput($text, $text.Length, $null).CompletionMatches | ForEach-Object { $_.CompletionText })
        $completions -join ',' | Should -Be 'New-CfCni'
        $text = 'Add-CfSandboxFault TooM'
        @([System.Management.Automation.CommandCompletion]::CompleteInput($text, $text.Length, $null).CompletionMatches)[0].CompletionText | Should -Be 'TooManyRequests'
    }
}

Describe 'Get-CfSandboxRequest and Clear-CfSandboxRequest' {
    BeforeAll { $savedEnv = Save-CfTestEnvironment }
    AfterAll {
        Disconnect-CfAccount
        Restore-CfTestEnvironment -Saved $savedEnv
    }

    BeforeEach { $null = Connect-CfAccount -Sandbox -SandboxData (New-CfTestSeed) }

    It 'records what each request sent: command, method, path, query, body, status and time' {
        $before = [DateTimeOffset]::UtcNow
        $null = Get-CfCniSlot -Site AMS01 -Occupied:$false
        $null = New-CfCni -Interconnect 'icon-ams' -ConduitName 'tunnel-ams' -Mtu 1476
        $requests = @(Get-CfSandboxRequest)
        $requests | Should -HaveCount 2
        $requests[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.CfSandboxRequest'

        $list = $requests[0]
        ($list.Command, $list.Method, $list.Route, $list.StatusCode) -join ' ' | Should -Be 'Get-CfCniSlot GET /slots 200'
        $list.Path | Should -Be "/client/v4/accounts/$CfSandboxAccountId/cni/slots"
        $list.AccountId | Should -Be $CfSandboxAccountId
        $list.Query['site'] | Should -BeExactly 'AMS01'
        $list.Query['occupied'] | Should -BeExactly 'false'
        $list.QueryString | Should -Match 'site=AMS01'
        $list.Body | Should -BeNullOrEmpty
        $list.Time | Should -BeGreaterOrEqual $before.AddSeconds(-1)

        $create = $requests[1]
        ($create.Command, $create.Method, $create.Route) -join ' ' | Should -Be 'New-CfCni POST /cnis'
        $body = $create.Body | ConvertFrom-Json
        $body.interconnect | Should -Be 'icon-ams'
        $body.magic.mtu | Should -Be 1476
        $create.Headers['Content-Type'] | Should -BeLike 'application/json*'
        $requests | ConvertTo-CfTestText | Should -Match 'Command\s+Method\s+StatusCode\s+Route\s+QueryString'
    }

    It 'exports to CSV with the query and headers as name=value text, not .NET type names' {
        $null = Get-CfCniSlot -Site AMS01 -First 1
        $row = Get-CfSandboxRequest | ConvertTo-Csv | ConvertFrom-Csv
        $row.Query | Should -BeLike '*site=AMS01*'
        $row.Headers | Should -BeLike '*Authorization=(redacted)*'
        ($row.Query + $row.Headers) | Should -Not -BeLike '*System.Collections*'
    }

    It 'never keeps the Authorization header''s value' {
        $null = Get-CfCniSetting
        $request = Get-CfSandboxRequest
        $request.Headers['Authorization'] | Should -Be '(redacted)'
        ($request | Format-List * | Out-String) + ($request | ConvertTo-Json -Depth 5) | Should -Not -Match 'Bearer|sandbox-token'
    }

    It 'filters on -Command, -Method and -Path, and forgets everything with Clear-CfSandboxRequest' {
        $null = Get-CfInterconnect
        $null = Get-CfInterconnectStatus -Name 'icon-ams', 'icon-gcp'
        Set-CfCniSetting -DefaultAsn 65001
        @(Get-CfSandboxRequest -Command Get-CfInterconnectStatus) | Should -HaveCount 2
        @(Get-CfSandboxRequest -Method PUT) | Should -HaveCount 1
        @(Get-CfSandboxRequest -Path '*/interconnects*') | Should -HaveCount 3
        (Get-CfSandboxRequest -Path '*/icon-gcp/status').Command | Should -Be 'Get-CfInterconnectStatus'
        # PowerShell's own wildcards, sets included; an unclosed [ is refused before anything is read.
        @(Get-CfSandboxRequest -Path '*/icon-[ag][mc]*/status') | Should -HaveCount 2
        $refused = { Get-CfSandboxRequest -Path '*/icon-[' } | Should -Throw -ErrorId 'CfValidation.InvalidWildcard,CloudflareCni.Cmdlets.GetCfSandboxRequestCommand' -PassThru
        "$($refused.CategoryInfo.Category)" | Should -Be 'InvalidArgument'
        $refused.TargetObject | Should -Be '*/icon-['
        { Add-CfSandboxFault -Kind ServerError -Path '*/[' } | Should -Throw -ErrorId 'CfValidation.InvalidWildcard,CloudflareCni.Cmdlets.AddCfSandboxFaultCommand'
        @(Get-CfSandboxFault) | Should -HaveCount 0

        Clear-CfSandboxRequest
        @(Get-CfSandboxRequest) | Should -HaveCount 0
        $null = Get-CfCniSetting
        @(Get-CfSandboxRequest) | Should -HaveCount 1
    }

    It 'keeps the log with -WhatIf' {
        $null = Get-CfCniSetting
        $null = Invoke-CfTestWhatIf -ScriptBlock { Clear-CfSandboxRequest -WhatIf }
        @(Get-CfSandboxRequest) | Should -HaveCount 1
    }
}

Describe 'Get-CfSandboxRateLimit and Set-CfSandboxRateLimit' {
    BeforeAll {
        $savedEnv = Save-CfTestEnvironment
        $names = 1..40 | ForEach-Object { 'icon-{0:D3}' -f $_ }
        $estate = @{ interconnects = @($names | ForEach-Object { @{ name = $_; type = 'partner'; region = 'europe-west4'; speed = '1G' } }) }
    }

    AfterAll {
        Disconnect-CfAccount
        Restore-CfTestEnvironment -Saved $savedEnv
    }

    BeforeEach { $null = Connect-CfAccount -Sandbox -SandboxData $estate -PendingStatusReads 0 }

    It 'starts with Cloudflare''s limit, and counts what it admits' {
        $limit = Get-CfSandboxRateLimit
        $limit.PSObject.TypeNames | Should -Contain 'CloudflareCni.CfSandboxRateLimit'
        ($limit.Quota, $limit.WindowSec, $limit.LockOutSec, $limit.Enforced, $limit.SendsHeaders, $limit.Remaining, $limit.Admitted) -join ',' |
            Should -Be '1200,300,300,True,True,1200,0'
        $null = Get-CfInterconnect
        $after = Get-CfSandboxRateLimit
        ($after.Remaining, $after.Admitted, $after.Refused) -join ',' | Should -Be '1199,1,0'
        $after.ResetsAt | Should -BeGreaterThan ([DateTimeOffset]::Now.AddSeconds(290))
        # The module read the headers: the connection's budget shows the same window.
        $budget = (Get-CfContext).RateBudget
        ($budget.Source, $budget.Remaining, $budget.Quota, $budget.Reserve) -join ',' | Should -Be 'Headers,1199,1200,120'
    }

    It 'paces a sweep shaped to 10 per minute: every result, none refused, each window''s reset waited for on the sandbox''s clock' {
        $null = Connect-CfAccount -Sandbox -SandboxData $estate -PendingStatusReads 0 -WaitForRateLimit
        Set-CfSandboxRateLimit -Quota 10 -WindowSec 60
        $statuses = @($names | Get-CfInterconnectStatus)
        ($statuses.Name -join ',') | Should -Be ($names -join ',')
        (Get-CfSandboxRateLimit).Refused | Should -Be 0
        # 5 of each 10 kept in reserve: 40 lookups take 8 windows, 7 resets of a minute each.
        $times = @(Get-CfSandboxRequest -Command Get-CfInterconnectStatus).Time
        ($times[-1] - $times[0]).TotalMinutes | Should -BeGreaterOrEqual 7
    }

    It 'fails what the budget holds past -TimeoutSec at once, nothing sent, saying when and how to wait' {
        Set-CfSandboxRateLimit -Quota 10 -WindowSec 600
        $names | Get-CfInterconnectStatus -ThrottleLimit 1 -ErrorAction SilentlyContinue -ErrorVariable held | Should -HaveCount 5
        $held | Should -HaveCount 35
        $held[0].FullyQualifiedErrorId | Should -Be 'CfApi.RateLimited,CloudflareCni.Cmdlets.GetCfInterconnectStatusCommand'
        $held[0].TargetObject | Should -Be 'icon-006'
        ($held[0].Exception.StatusCode, $held[0].Exception.NotSent) -join ',' | Should -Be '0,True'
        $held[0].Exception.Message | Should -BeLike 'No request was sent for GET /accounts/*/icon-006/status. *Sending is allowed again at *Connect-CfAccount -WaitForRateLimit*'
        (Get-CfSandboxRateLimit).Admitted | Should -Be 5
    }

    It 'locks out past the quota as the API does, when the client cannot see the headers' {
        # Without headers the module counts against Cloudflare's documented 1,200: the sandbox's 3 runs out first.
        Set-CfSandboxRateLimit -Quota 3 -WindowSec 60 -LockOutSec 120 -NoHeaders
        $null = 1..3 | ForEach-Object { Get-CfCniSetting }
        (Get-CfContext).RateBudget.Source | Should -Be 'LocalCount'
        Get-CfCniSetting -ErrorAction SilentlyContinue -ErrorVariable refused | Should -BeNullOrEmpty
        $refused[0].Exception.StatusCode | Should -Be 429 -Because 'the request was sent, and refused'
        $refused[0].Exception.RetryAfter.TotalSeconds | Should -Be 120
        $limit = Get-CfSandboxRateLimit
        ($limit.Admitted, $limit.Refused, $limit.Remaining, $limit.SendsHeaders) -join ',' | Should -Be '3,1,0,False'
        $limit.LockedUntil | Should -Not -BeNullOrEmpty
        # The 429 paused the credential: the next command waits for no one and sends nothing.
        Get-CfCniSetting -ErrorAction SilentlyContinue -ErrorVariable paused | Should -BeNullOrEmpty
        $paused[0].Exception.NotSent | Should -BeTrue
        (Get-CfSandboxRateLimit).Refused | Should -Be 1
    }

    It 'starts a fresh budget with -Reset, in the sandbox and the connection alike' {
        Set-CfSandboxRateLimit -Quota 1 -WindowSec 600
        $null = Get-CfCniSetting
        { Get-CfCniSetting -ErrorAction Stop } | Should -Throw -ErrorId 'CfApi.RateLimited,*'
        Set-CfSandboxRateLimit -Reset
        (Get-CfCniSetting).DefaultAsn | Should -Be 65000
        ((Get-CfSandboxRateLimit).Admitted) | Should -Be 1
    }

    It 'admits everything with -Unlimited, and -Unlimited:$false enforces again' {
        Set-CfSandboxRateLimit -Quota 1 -Unlimited
        $null = 1..3 | ForEach-Object { Get-CfCniSetting }
        (Get-CfContext).RateBudget.Source | Should -Be 'LocalCount' -Because 'an unlimited sandbox sends no headers'
        (Get-CfSandboxRateLimit).Enforced | Should -BeFalse
        (Set-CfSandboxRateLimit -Unlimited:$false -PassThru).Enforced | Should -BeTrue
    }

    It 'changes nothing under -WhatIf, and refuses a shape that cannot work' {
        Invoke-CfTestWhatIf { Set-CfSandboxRateLimit -Quota 5 -WindowSec 4 -WhatIf }
        (Get-CfSandboxRateLimit).Quota | Should -Be 1200
        { Set-CfSandboxRateLimit -Quota 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.SetCfSandboxRateLimitCommand'
        { Set-CfSandboxRateLimit -WindowSec 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'gives each sandbox a limit and a budget of its own' {
        $a = Connect-CfAccount -Sandbox -PassThru
        $b = Connect-CfAccount -Sandbox -PassThru
        Set-CfSandboxRateLimit -Quota 1 -WindowSec 600 -Connection $a
        $null = Get-CfCniSetting -Connection $a
        { Get-CfCniSetting -Connection $a -ErrorAction Stop } | Should -Throw -ErrorId 'CfApi.RateLimited,*'
        (Get-CfCniSetting -Connection $b).DefaultAsn | Should -Be 65000
    }
}

Describe 'The sandbox''s own clock' {
    BeforeAll { $savedEnv = Save-CfTestEnvironment }
    AfterAll {
        Disconnect-CfAccount
        Restore-CfTestEnvironment -Saved $savedEnv
    }

    It 'skips the waits of its connection by default, and -SandboxRealTime makes them real' {
        $skipped = Measure-Command {
            $null = Connect-CfAccount -Sandbox
            Add-CfSandboxFault TooManyRequests -RetryAfterSec 5
            $null = Get-CfCniSetting
        }
        $skippedTimes = @(Get-CfSandboxRequest).Time
        $real = Measure-Command {
            $null = Connect-CfAccount -Sandbox -SandboxRealTime
            Add-CfSandboxFault TooManyRequests -RetryAfterSec 1
            $null = Get-CfCniSetting
        }
        $skipped.TotalSeconds | Should -BeLessThan 5 -Because 'the wait of 5 s passed on the sandbox''s clock'
        ($skippedTimes[-1] - $skippedTimes[0]).TotalSeconds | Should -BeGreaterOrEqual 5 -Because 'the request log shows it'
        $real.TotalSeconds | Should -BeGreaterThan 0.9 -Because 'the wait of 1 s took its time'
        $times = @(Get-CfSandboxRequest).Time
        ($times[-1] - $times[0]).TotalSeconds | Should -BeGreaterOrEqual 0.9
    }
}

Describe 'The sandbox cmdlets on a connection that is not a sandbox' {
    BeforeAll {
        $savedEnv = Save-CfTestEnvironment
        $commands = @(
            { Set-CfSandboxInterconnect -Name 'icon-1' -State Down }
            { Add-CfSandboxFault -Kind ServerError }
            { Get-CfSandboxFault }
            { Clear-CfSandboxFault }
            { Get-CfSandboxRequest }
            { Clear-CfSandboxRequest -WhatIf }
            { Get-CfSandboxRateLimit }
            { Set-CfSandboxRateLimit -Quota 60 -WindowSec 4 }
        )
    }

    AfterAll {
        Disconnect-CfAccount
        Restore-CfTestEnvironment -Saved $savedEnv
    }

    It 'ends with CfSandbox.NotSandbox on a real connection, before anything else' {
        # An unresolvable host: a request, had one been sent, would fail with CfApi.ConnectionFailed instead.
        $null = Connect-CfAccount -ApiToken (ConvertTo-SecureString 'not-a-real-token' -AsPlainText -Force) -AccountId $CfOtherAccountId -BaseUri 'https://api.cloudflarecni.invalid/client/v4' -MaximumRetryCount 0 -SkipCredentialCheck
        foreach ($command in $commands) {
            $command | Should -Throw -ErrorId 'CfSandbox.NotSandbox,*' -ExpectedMessage '*Connect-CfAccount -Sandbox*'
        }
    }

    It 'ends with CfSandbox.NotSandbox with a credential from the environment, or none at all' {
        Disconnect-CfAccount
        $env:CLOUDFLARE_API_TOKEN = 'from-the-environment'
        try {
            { Get-CfSandboxRequest } | Should -Throw -ErrorId 'CfSandbox.NotSandbox,*' -ExpectedMessage '*(Environment), not to a sandbox*'
        }
        finally {
            Remove-Item Env:CLOUDFLARE_API_TOKEN
        }

        $caught = $null
        try { Add-CfSandboxFault Stall } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be 'CfSandbox.NotSandbox,CloudflareCni.Cmdlets.AddCfSandboxFaultCommand'
        $caught.CategoryInfo.Category | Should -Be 'InvalidOperation'
        $caught.Exception.Message | Should -BeLike 'No connection is set*'
    }
}
