# The Magic tunnels: Get-CfCniTunnel and Set-CfCniTunnel, as a script's Pester tests use them against the sandbox:
# seeded with -SandboxData's magic section (the account flag and a tunnel's health check), faulted by -Command, and
# checked through Get-CfSandboxRequest.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $estate = @{
        slots         = @(
            @{ id = '6a1f0c4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b'; site = 'FRA05'; speed = '10G'; facility = @{ name = 'Interxion FRA6'; address = @('Hanauer Landstraße 298') } }
            @{ id = '7b2e1d5f-3c4e-4f60-9b0c-1d2e3f4a5b6c'; site = 'AMS01'; speed = '10G'; facility = @{ name = 'Equinix AM3'; address = @('Science Park 610') } }
        )
        interconnects = @(
            @{ name = 'icon-fra'; type = 'direct'; slot_id = '6a1f0c4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b'; virtual_port_reservation_id = 'a1b2c3d4-e5f6-4789-8abc-def012345678' }
            @{ name = 'icon-ams'; type = 'direct'; slot_id = '7b2e1d5f-3c4e-4f60-9b0c-1d2e3f4a5b6c'; virtual_port_reservation_id = '0f1e2d3c-4b5a-4697-8877-665544332211' }
        )
        cnis          = @(
            @{ interconnect = 'icon-fra'; magic = @{ conduit_name = 'fra-cni-01'; description = ''; mtu = 1476 } }
        )
        magic         = @{
            cf_interconnects = @(@{ interconnect = 'icon-ams'; health_check = @{ enabled = $false; rate = 'low'; type = 'reply' } })
        }
    }
}

Describe 'Get-CfCniTunnel and Set-CfCniTunnel in the sandbox' {
    BeforeAll {
        $savedEnv = Save-CfTestEnvironment
    }

    BeforeEach {
        $null = Connect-CfAccount -Sandbox -SandboxData $estate -PendingStatusReads 0
    }

    AfterAll {
        Disconnect-CfAccount
        Restore-CfTestEnvironment -Saved $savedEnv
    }

    It 'keeps a tunnel for each interconnect, shaped by the seed' {
        $tunnels = @(Get-CfCniTunnel)
        ($tunnels.Name -join ',') | Should -Be 'icon-fra,icon-ams'
        $tunnels[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.CniTunnel'
        $tunnels[0].HealthCheckEnabled | Should -BeTrue
        $tunnels[0].HealthCheckRate | Should -Be 'mid'
        $tunnels[1].HealthCheckEnabled | Should -BeFalse
        $tunnels[1].HealthCheckRate | Should -Be 'low'
        $tunnels[0].VirtualPortReservationId | Should -Be 'a1b2c3d4e5f647898abcdef012345678'
    }

    It 'finds the tunnel of a piped interconnect, and the CNIs of a piped tunnel' {
        (Get-CfInterconnect -Name icon-fra | Get-CfCniTunnel).Name | Should -Be 'icon-fra'
        (Get-CfCniTunnel -Name icon-fra | Get-CfCni).ConduitName | Should -Be 'fra-cni-01'
        @(Get-CfCniTunnel -Name icon-ams | Get-CfCni) | Should -HaveCount 0
    }

    It 'turns the health check on for every tunnel where it is off, sending the whole health check' {
        Clear-CfSandboxRequest
        Get-CfCniTunnel | Where-Object { -not $_.HealthCheckEnabled } | Set-CfCniTunnel -HealthCheckEnabled $true
        $puts = @(Get-CfSandboxRequest -Method PUT)
        $puts | Should -HaveCount 1
        $puts[0].Command | Should -Be 'Set-CfCniTunnel'
        $puts[0].Body | Should -Be '{"health_check":{"enabled":true,"rate":"low","type":"reply","target":{"saved":""}}}'
        (Get-CfCniTunnel -Name icon-ams).HealthCheckEnabled | Should -BeTrue
    }

    It 'validates a change without saving it' {
        $before = (Get-CfCniTunnel -Name icon-fra).InterfaceAddress
        $validated = Get-CfCniTunnel -Name icon-fra | Set-CfCniTunnel -InterfaceAddress 192.168.40.0/31 -ValidateOnly -PassThru
        $validated.InterfaceAddress | Should -Be '192.168.40.0/31'
        (Get-CfCniTunnel -Name icon-fra).InterfaceAddress | Should -Be $before
        (Get-CfSandboxRequest -Method PUT).QueryString | Should -Be 'validate_only=true'
    }

    It 'refuses automatic return routing without the account flag, and takes it with the flag seeded' {
        $refused = $null
        Get-CfCniTunnel -Name icon-fra | Set-CfCniTunnel -AutomaticReturnRouting $true -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused | Should -HaveCount 1
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'CfApi.BadRequest,*'
        $refused[0].Exception.Message | Should -BeLike '*coupler_integration*'

        $flagged = $estate.Clone()
        $flagged['magic'] = @{ account_flags = @('coupler_integration') }
        $null = Connect-CfAccount -Sandbox -SandboxData $flagged
        (Get-CfCniTunnel -Name icon-fra | Set-CfCniTunnel -AutomaticReturnRouting $true -PassThru).AutomaticReturnRouting | Should -BeTrue
    }

    It 'reports a fault of Set-CfCniTunnel on its own item, and goes on with the next' {
        $null = Connect-CfAccount -Sandbox -SandboxData $estate -MaximumRetryCount 0
        Add-CfSandboxFault -Kind ServerError -Command Set-CfCniTunnel -Method PUT -Count 1 | Out-Null
        $failed = $null
        $changed = @(Get-CfCniTunnel | Set-CfCniTunnel -HealthCheckRate high -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue)
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'CfApi.ServerError,*'
        $failed[0].TargetObject | Should -Be (Get-CfCniTunnel -Name icon-fra).TunnelId
        ($changed.Name -join ',') | Should -Be 'icon-ams'
    }

    It 'refuses seed data that breaks the API rules, naming the field' {
        $bad = $estate.Clone()
        $bad['magic'] = @{ cf_interconnects = @(@{ interconnect = 'icon-fra'; health_check = @{ rate = 'sometimes' } }) }
        { Connect-CfAccount -Sandbox -SandboxData $bad } | Should -Throw -ErrorId 'CfSandbox.InvalidData,*' -ExpectedMessage '*magic.cf_interconnects`[0`]*health_check.rate*'
    }
}
