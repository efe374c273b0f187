# Pester tests of Test-CniHealth.ps1 against the offline sandbox: a happy path, a link that is Down, and a 429 storm.
# No Cloudflare account and no network: Connect-CfAccount -Sandbox seeds an in-process emulator with known data, and
# the sandbox cmdlets shape it and show what the script sent.
#
#   Invoke-Pester ./examples/Test-CniHealth.Tests.ps1
#
# The repo's test command (dotnet test CloudflareCni.sln) runs this file too, against the module it has just built.

BeforeAll {
    # The module under test: the one the repo's test command built, else the installed one.
    $module = if ($env:CLOUDFLARECNI_MODULE_PATH) { $env:CLOUDFLARECNI_MODULE_PATH } else { 'CloudflareCni' }
    Import-Module $module -ErrorAction Stop
    $script = Join-Path $PSScriptRoot 'Test-CniHealth.ps1'

    # Two interconnects on two slots, both up: the estate the script watches.
    $estate = @{
        slots         = @(
            @{ id = '6a1f0c4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b'; site = 'AMS01'; speed = '10G'; facility = @{ name = 'Equinix AM3'; address = @('Science Park 610', 'Amsterdam') } }
            @{ id = '7b2e1d5f-3c4e-4f60-9b0c-1d2e3f4a5b6c'; site = 'FRA05'; speed = '10G'; facility = @{ name = 'Interxion FRA6'; address = @('Hanauer Landstraße 298', 'Frankfurt') } }
        )
        interconnects = @(
            @{ name = 'icon-ams'; type = 'direct'; slot_id = '6a1f0c4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b' }
            @{ name = 'icon-fra'; type = 'direct'; slot_id = '7b2e1d5f-3c4e-4f60-9b0c-1d2e3f4a5b6c' }
        )
    }
}

Describe 'Test-CniHealth.ps1' {
    BeforeAll {
        # What the session was connected to before the tests (perhaps a real account): it must stay so.
        $sessionBefore = Get-CfContext
    }

    BeforeEach {
        # A fresh sandbox per test; two retries per request. Its own clock skips the waits that the 429s ask for (1 s
        # each by default), so a storm is over at once and the tests still see it. -PassThru returns it without making
        # it the session's default connection, and $PSDefaultParameterValues hands it to every Cf cmdlet that the
        # script and the tests call: the script itself needs no change to be tested.
        $sandbox = Connect-CfAccount -Sandbox -SandboxData $estate -MaximumRetryCount 2 -PassThru
        $PSDefaultParameterValues['*-Cf*:Connection'] = $sandbox
    }

    AfterEach {
        $PSDefaultParameterValues.Remove('*-Cf*:Connection')
    }

    AfterAll {
        $sessionAfter = Get-CfContext
        "$($sessionAfter.BaseUri) $($sessionAfter.Source) $($sessionAfter.AccountId)" |
            Should -Be "$($sessionBefore.BaseUri) $($sessionBefore.Source) $($sessionBefore.AccountId)" -Because 'the tests never replace the session''s connection'
    }

    Context 'every link is up' {
        It 'reports each interconnect Healthy, warns about nothing, and reads each status once' {
            $report = @(& $script -WarningVariable warnings)

            $report | Should -HaveCount 2
            ($report | ForEach-Object { "$($_.Name)=$($_.State)" }) -join ',' | Should -Be 'icon-ams=Healthy,icon-fra=Healthy'
            $report.Healthy | Should -Not -Contain $false
            $warnings | Should -BeNullOrEmpty

            # What the script sent: one listing, then one status read per interconnect, nothing else.
            (Get-CfSandboxRequest | ForEach-Object { "$($_.Method) $($_.Route)" }) -join ', ' |
                Should -Be 'GET /interconnects, GET /interconnects/icon-ams/status, GET /interconnects/icon-fra/status'
        }

        It 'reads only the interconnects given with -Name' {
            $report = & $script -Name 'icon-fra'
            $report.Name | Should -Be 'icon-fra'
            (Get-CfSandboxRequest).Route | Should -Be '/interconnects/icon-fra/status'
        }
    }

    Context 'a link is down' {
        BeforeEach {
            Set-CfSandboxInterconnect -Name 'icon-fra' -State Down -Reason 'Loss of light on the cross-connect'
        }

        It 'reports the link Down with its reason, and warns' {
            $report = @(& $script -WarningVariable warnings -WarningAction SilentlyContinue)

            $fra = $report | Where-Object Name -EQ 'icon-fra'
            $fra.State | Should -Be 'Down'
            $fra.Reason | Should -Be 'Loss of light on the cross-connect'
            $fra.Healthy | Should -BeFalse
            ($report | Where-Object Name -EQ 'icon-ams').Healthy | Should -BeTrue
            $warnings | Should -HaveCount 1
            "$($warnings[0])" | Should -Be 'icon-fra is Down: Loss of light on the cross-connect'
        }

        It 'fails the run with CniHealth.Unhealthy under -FailOnUnhealthy, after the report' {
            $failed = $null
            try { & $script -FailOnUnhealthy -WarningAction SilentlyContinue -OutVariable report } catch { $failed = $_ }

            $failed.FullyQualifiedErrorId | Should -BeLike 'CniHealth.Unhealthy,*'
            $failed.Exception.Message | Should -Be '1 of 2 interconnect(s) are not Healthy.'
            @($report) | Should -HaveCount 2 -Because 'the report comes first'

        }

        It 'sees the link come back' {
            Set-CfSandboxInterconnect -Name 'icon-fra' -State Healthy -AfterStatusReads 1
            (& $script -Name 'icon-fra' -WarningAction SilentlyContinue).State | Should -Be 'Down'
            (& $script -Name 'icon-fra').State | Should -Be 'Healthy'
        }
    }

    Context 'the API answers 429 Too Many Requests' {
        It 'rides out a short burst with the module''s retries' {
            Add-CfSandboxFault -Kind TooManyRequests -Count 2 -Command Get-CfInterconnectStatus

            $report = @(& $script)

            $report.State -join ',' | Should -Be 'Healthy,Healthy'
            Get-CfSandboxFault | Should -BeNullOrEmpty
            $reads = @(Get-CfSandboxRequest -Command Get-CfInterconnectStatus)
            $reads.StatusCode -join ',' | Should -Be '429,429,200,200'
            # The retries waited the second Retry-After asked for: on the sandbox's clock, which its request log shows.
            ($reads[-1].Time - $reads[0].Time).TotalSeconds | Should -BeGreaterOrEqual 1
        }

        It 'reports Unknown with CfApi.RateLimited in a storm, reads every link, and stays within the retry budget' {
            Add-CfSandboxFault -Kind TooManyRequests -Count 1000 -Command Get-CfInterconnectStatus

            $report = @(& $script)

            ($report | ForEach-Object { "$($_.Name)=$($_.State)/$($_.Error)" }) -join ',' |
                Should -Be 'icon-ams=Unknown/CfApi.RateLimited,icon-fra=Unknown/CfApi.RateLimited'
            $report.Healthy | Should -Not -Contain $true
            # Each status read is tried three times (-MaximumRetryCount 2) and no more.
            @(Get-CfSandboxRequest -Command Get-CfInterconnectStatus) | Should -HaveCount 6
            (Get-CfSandboxFault).Remaining | Should -Be 994
        }

        It 'ends with CniHealth.ListFailed when even the listing is rate-limited' {
            Add-CfSandboxFault -Kind TooManyRequests -Count 1000

            { & $script } | Should -Throw -ErrorId 'CniHealth.ListFailed,*' -ExpectedMessage '*429 Too Many Requests*'
            @(Get-CfSandboxRequest -Command Get-CfInterconnect) | Should -HaveCount 3
            @(Get-CfSandboxRequest -Command Get-CfInterconnectStatus) | Should -HaveCount 0
        }
    }
}
