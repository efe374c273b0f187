# The pipelines a user writes: objects from one cmdlet bound to the next by value or by property name.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
}

Describe 'Pipelines' {
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

    It 'Get-CfInterconnect | Get-CfInterconnectStatus' {
        $physical = New-CfTestPhysicalInterconnect
        $partner = New-CfTestGcpInterconnect
        $statuses = @(Get-CfInterconnect | Get-CfInterconnectStatus)
        $statuses | Should -HaveCount 2
        (@($statuses | ForEach-Object { $_.Name }) -join ',') | Should -Be (@($physical.Name, $partner.Name) -join ',')
        (@($statuses | ForEach-Object { "$($_.State)" }) -join ',') | Should -Be 'Pending,Pending'
        $statuses[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.InterconnectStatus'
    }

    It 'Get-CfInterconnect | Remove-CfInterconnect -Confirm:$false' {
        $first = New-CfTestPhysicalInterconnect
        $second = New-CfTestPhysicalInterconnect
        $null = New-CfTestGcpInterconnect
        @(Get-CfInterconnect) | Should -HaveCount 3
        @(Get-CfCniSlot -Occupied:$false) | Should -HaveCount 7

        $output = Get-CfInterconnect | Remove-CfInterconnect -Confirm:$false
        $output | Should -BeNullOrEmpty
        Get-CfInterconnect | Should -BeNullOrEmpty
        @(Get-CfCniSlot -Occupied:$false) | Should -HaveCount 9
        (Get-CfCniSlot -Id $first.SlotId).Occupied | Should -BeFalse
        (Get-CfCniSlot -Id $second.SlotId).Occupied | Should -BeFalse
    }

    It 'Get-CfInterconnect -PageSize 1 | Remove-CfInterconnect removes every one, although each delete shifts the pages' {
        $null = 1..5 | ForEach-Object { New-CfTestPhysicalInterconnect }
        @(Get-CfInterconnect) | Should -HaveCount 5

        Get-CfInterconnect -PageSize 1 | Remove-CfInterconnect -Confirm:$false

        Get-CfInterconnect | Should -BeNullOrEmpty
    }

    It 'Get-CfCniSlot -Occupied:$false | Select-Object -First 1 | New-CfInterconnect -Type direct' {
        $firstFree = @(Get-CfCniSlot -Occupied:$false)[0]
        $created = @(Get-CfCniSlot -Occupied:$false | Select-Object -First 1 | New-CfInterconnect -Type direct)
        $created | Should -HaveCount 1
        $created[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.PhysicalInterconnect'
        $created[0].SlotId | Should -Be $firstFree.Id
        $created[0].Speed | Should -Be $firstFree.Speed
        $created[0].Type | Should -Be 'direct'
        (Get-CfCniSlot -Id $firstFree.Id).Occupied | Should -BeTrue
        @(Get-CfInterconnect) | Should -HaveCount 1
        @(Get-CfCniSlot -Occupied:$false) | Should -HaveCount 8
    }

    It 'Wait-CfInterconnect | New-CfCni creates the CNI once the interconnect is Healthy' {
        $icon = New-CfTestPhysicalInterconnect
        $cni = $icon | Wait-CfInterconnect -PollInterval 0.1 -Timeout 10 | New-CfCni -ConduitName 'after-wait' -Mtu 1500
        $cni.Interconnect | Should -Be $icon.Name
        (Get-CfSandboxRequest | ForEach-Object { "$($_.Method) $($_.Route)" })[-1] | Should -Be 'POST /cnis'
        @(Get-CfSandboxRequest -Path '*/status') | Should -HaveCount 3 -Because 'two Pending reads, then Healthy'
    }

    It 'Get-CfCniSlot -Occupied | Get-CfCniSlot looks the slots up in the connected account, not the occupying one' {
        $null = Connect-CfAccount -Sandbox -SandboxData @{ slots = @(
                @{ id = '6a1f0c4e-2b3d-4e5f-8a9b-0c1d2e3f4a5b'; site = 'AMS01'; speed = '10G'; occupied = $true; account = 'other-customer'; facility = @{ name = 'Equinix AM3'; address = @('Science Park 610') } }
            ) }
        $occupied = Get-CfCniSlot -Occupied
        $occupied.OccupiedBy | Should -Be 'other-customer'
        Clear-CfSandboxRequest
        ($occupied | Get-CfCniSlot).Id | Should -Be $occupied.Id
        (Get-CfSandboxRequest).AccountId | Should -Be $CfSandboxAccountId
    }

    It 'Get-CfCni -Id $id | Set-CfCni -Mtu 1400' {
        $icon = New-CfTestPhysicalInterconnect
        $cni = New-CfCni -Interconnect $icon.Name -ConduitName 'piped-set' -Description 'kept' -Mtu 1500
        $other = New-CfCni -Interconnect $icon.Name -ConduitName 'untouched' -Mtu 1500

        $output = Get-CfCni -Id $cni.Id | Set-CfCni -Mtu 1400
        $output | Should -BeNullOrEmpty
        $after = Get-CfCni -Id $cni.Id
        $after.Mtu | Should -Be 1400
        $after.ConduitName | Should -Be 'piped-set'
        $after.Description | Should -Be 'kept'
        $after.CustomerIp | Should -Be $cni.CustomerIp
        (Get-CfCni -Id $other.Id).Mtu | Should -Be 1500
    }

    It 'Get-CfCni | Remove-CfCni -Confirm:$false' {
        $icon = New-CfTestPhysicalInterconnect
        $null = 1..3 | ForEach-Object { New-CfCni -Interconnect $icon.Name -ConduitName "remove-$_" -Mtu 1500 }
        @(Get-CfCni) | Should -HaveCount 3

        $output = Get-CfCni | Remove-CfCni -Confirm:$false
        $output | Should -BeNullOrEmpty
        Get-CfCni | Should -BeNullOrEmpty
        $null = 1..5 | ForEach-Object { New-CfCni -Interconnect $icon.Name -ConduitName "paged-$_" -Mtu 1500 }
        Get-CfCni -PageSize 2 | Remove-CfCni -Confirm:$false
        Get-CfCni | Should -BeNullOrEmpty -Because 'deletes wait for the listing to end, so no page is skipped'

        # With its CNIs gone, the interconnect can be deleted as well.
        Get-CfInterconnect | Remove-CfInterconnect -Confirm:$false
        Get-CfInterconnect | Should -BeNullOrEmpty
    }
}
