# Interconnects: Get-CfInterconnect, New-CfInterconnect, Remove-CfInterconnect, Get-CfInterconnectStatus,
# Save-CfInterconnectLoa, Wait-CfInterconnect. Against the sandbox, which starts with no interconnect and 12 slots
# (9 free), and reports a new interconnect Pending for 2 status reads, then Healthy.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
}

Describe 'Get-CfInterconnect' {
    BeforeAll {
        $savedEnv = Save-CfTestEnvironment
        Connect-CfTestSandbox
        $physical = @(1..3 | ForEach-Object { New-CfTestPhysicalInterconnect })
        $partner = New-CfTestGcpInterconnect -Region 'us-central1' -Bandwidth '1G'
        $allNames = @($physical | ForEach-Object { $_.Name }) + @($partner.Name)
    }

    AfterAll {
        Disconnect-CfAccount
        Restore-CfTestEnvironment -Saved $savedEnv
    }

    It 'lists every interconnect as a typed object' {
        $all = @(Get-CfInterconnect)
        $all | Should -HaveCount 4
        (@($all | ForEach-Object { $_.Name }) -join ',') | Should -Be ($allNames -join ',')

        $all[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.PhysicalInterconnect'
        $all[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.Interconnect'
        "$($all[0].Kind)" | Should -Be 'Physical'
        $all[0].SlotId | Should -Be $physical[0].SlotId
        $all[0].FacilityName | Should -Not -BeNullOrEmpty

        $all[3].PSObject.TypeNames | Should -Contain 'CloudflareCni.GcpPartnerInterconnect'
        $all[3].PSObject.TypeNames | Should -Contain 'CloudflareCni.Interconnect'
        "$($all[3].Kind)" | Should -Be 'GcpPartner'
        $all[3].Region | Should -Be 'us-central1'
        $all[3].Speed | Should -Be '1G'
    }

    It 'gets an interconnect by -Name and by position' {
        $byName = @(Get-CfInterconnect -Name $physical[1].Name)
        $byName | Should -HaveCount 1
        $byName[0].Name | Should -Be $physical[1].Name
        $byName[0].Site | Should -Be $physical[1].Site
        $byName[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.PhysicalInterconnect'

        (Get-CfInterconnect $partner.Name).Region | Should -Be 'us-central1'
    }

    It 'has the fields of Cloudflare''s schema as properties: CcrDeviceName and VirtualPortReservationId' {
        $icon = Get-CfInterconnect -Name $physical[0].Name
        $icon.GetAdditionalFieldNames() | Should -BeNullOrEmpty
        $icon.CcrDeviceName | Should -Be 'ccr01-sandbox'
        $icon.VirtualPortReservationId | Should -Match '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
        ($icon | Format-List * | Out-String) | Should -BeLike '*VirtualPortReservationId*CcrDeviceName*ccr01-sandbox*'
        (Get-CfInterconnect -Name $partner.Name).CcrDeviceName | Should -BeNullOrEmpty
    }

    It 'has a Location property (facility or region) to sort and filter on' {
        $all = @(Get-CfInterconnect)
        $all[0].Location | Should -Be $physical[0].FacilityName
        $all[3].Location | Should -Be 'us-central1'
        $inRegion = @(Get-CfInterconnect | Where-Object { $_.Location -eq 'us-central1' })
        $inRegion | Should -HaveCount 1
        $inRegion[0].Name | Should -Be $partner.Name
    }

    It 'shows the default table view: Kind, Type, Site, Speed, Location, then the Name' {
        $text = Get-CfInterconnect | ConvertTo-CfTestText
        $text | Should -Match 'Kind\s+Type\s+Site\s+Speed\s+Location\s+Name'
        $first = $physical[0]
        $text | Should -Match ('Physical\s+direct\s+{0}\s+{1}\s+{2}\s+{3}' -f [regex]::Escape($first.Site), [regex]::Escape($first.Speed), [regex]::Escape($first.FacilityName), [regex]::Escape($first.Name))
        # A GCP partner interconnect has no site: its row shows the region as its location.
        $text | Should -Match ('GcpPartner\s+gcp_partner\s+1G\s+us-central1\s+{0}' -f [regex]::Escape($partner.Name))
        # Format-Table picks the same view.
        Get-CfInterconnect | Format-Table | ConvertTo-CfTestText | Should -Match 'Kind\s+Type\s+Site\s+Speed\s+Location\s+Name'
    }

    It '-First and -Skip page the listing' {
        (@(Get-CfInterconnect -First 2) | ForEach-Object { $_.Name }) -join ',' | Should -Be ($allNames[0..1] -join ',')
        (@(Get-CfInterconnect -Skip 3) | ForEach-Object { $_.Name }) -join ',' | Should -Be $allNames[3]
        (@(Get-CfInterconnect -Skip 1 -First 2) | ForEach-Object { $_.Name }) -join ',' | Should -Be ($allNames[1..2] -join ',')
        Get-CfInterconnect -Skip 4 | Should -BeNullOrEmpty
    }

    It '-IncludeTotalCount writes the total after the items' {
        $result = @(Get-CfInterconnect -IncludeTotalCount)
        $result | Should -HaveCount 5
        $total = $result[4]
        $total | Should -BeOfType ([uint64])
        [uint64]$total | Should -Be 4
        $total.Accuracy | Should -Be 1

        $partial = @(Get-CfInterconnect -First 2 -IncludeTotalCount)
        $partial | Should -HaveCount 3
        $partial[2] | Should -BeOfType ([uint64])
        [uint64]$partial[2] | Should -Be 2 -Because 'the count is the items fetched when paging stopped'
        $partial[2].Accuracy | Should -BeLessThan 1
    }

    It 'follows the cursor across small pages (-PageSize) and returns every item' {
        $records = Get-CfInterconnect -PageSize 1 -Verbose 4>&1
        $items = Get-CfTestObjectOutput -Records $records
        (@($items | ForEach-Object { $_.Name }) -join ',') | Should -Be ($allNames -join ',')
        $gets = @(Get-CfTestVerboseMessage -Records $records | Where-Object { $_ -like 'GET /accounts/*/cni/interconnects*' })
        $gets | Should -HaveCount 4
        @($gets | Where-Object { $_ -like '*limit=1*' }) | Should -HaveCount 4
        @($gets | Where-Object { $_ -like '*cursor=3*' }) | Should -HaveCount 1
    }

    It '-SinglePage returns one page and its next cursor; -Cursor continues from it' {
        $page = @(Get-CfInterconnect -SinglePage -PageSize 3)
        $page | Should -HaveCount 1
        $page[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.CfPage'
        $page[0].Count | Should -Be 3
        $page[0].NextCursor | Should -Be 3
        $page[0].HasMore | Should -BeTrue
        (@($page[0].Items) | ForEach-Object { $_.Name }) -join ',' | Should -Be ($allNames[0..2] -join ',')

        $next = Get-CfInterconnect -SinglePage -PageSize 3 -Cursor $page[0].NextCursor
        $next.Count | Should -Be 1
        $next.HasMore | Should -BeFalse
        $next.NextCursor | Should -BeNullOrEmpty
        @($next.Items)[0].Name | Should -Be $partner.Name
        @($next.Items)[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.GcpPartnerInterconnect'

        $next | ConvertTo-CfTestText | Should -Match 'Count\s+NextCursor\s+HasMore'
    }

    It '-Type and -Site filter the listing' {
        $partners = @(Get-CfInterconnect -Type 'gcp_partner')
        $partners | Should -HaveCount 1
        $partners[0].Name | Should -Be $partner.Name
        # Exact and case-sensitive, the strictest reading of the API.
        @(Get-CfInterconnect -Type 'GCP_Partner') | Should -HaveCount 0
        @(Get-CfInterconnect -Site $physical[0].Site.ToLowerInvariant()) | Should -HaveCount 0

        $site = $physical[0].Site
        $expected = @($physical | Where-Object { $_.Site -eq $site } | ForEach-Object { $_.Name })
        (@(Get-CfInterconnect -Site $site) | ForEach-Object { $_.Name }) -join ',' | Should -Be ($expected -join ',')
    }

    It 'writes a non-terminating ObjectNotFound error for an unknown name and still processes the others' {
        $found = @('a-bad-name', $physical[0].Name | Get-CfInterconnect -ErrorAction SilentlyContinue -ErrorVariable lookupErrors)
        $found | Should -HaveCount 1
        $found[0].Name | Should -Be $physical[0].Name

        $lookupErrors | Should -HaveCount 1
        $lookupErrors[0].FullyQualifiedErrorId | Should -Be 'CfApi.NotFound,CloudflareCni.Cmdlets.GetCfInterconnectCommand'
        $lookupErrors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
        $lookupErrors[0].TargetObject | Should -Be 'a-bad-name'

        $around = @($physical[0].Name, 'a-bad-name', $physical[1].Name | Get-CfInterconnect -ErrorAction SilentlyContinue)
        $around | Should -HaveCount 2
    }

    It 'rejects an empty name before any request' {
        { Get-CfInterconnect -Name '' } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError*,CloudflareCni.Cmdlets.GetCfInterconnectCommand'
    }

    It 'rejects a -PageSize out of range' {
        { Get-CfInterconnect -PageSize 0 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.GetCfInterconnectCommand'
    }
}

Describe 'New-CfInterconnect' {
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
        $freeSlot = @(Get-CfCniSlot -Occupied:$false -First 1)[0]
    }

    It 'creates a physical interconnect on a free slot' {
        $icon = @(New-CfInterconnect -SlotId $freeSlot.Id -Type 'direct')
        $icon | Should -HaveCount 1
        $icon[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.PhysicalInterconnect'
        $icon[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.Interconnect'
        "$($icon[0].Kind)" | Should -Be 'Physical'
        $icon[0].Name | Should -Not -BeNullOrEmpty
        $icon[0].Type | Should -Be 'direct'
        $icon[0].SlotId | Should -Be $freeSlot.Id
        $icon[0].Site | Should -Be $freeSlot.Site
        $icon[0].Speed | Should -Be $freeSlot.Speed
        $icon[0].FacilityName | Should -Be $freeSlot.FacilityName
        $icon[0].Account | Should -Be $CfSandboxAccountId

        (Get-CfInterconnect -Name $icon[0].Name).SlotId | Should -Be $freeSlot.Id
        (Get-CfCniSlot -Id $freeSlot.Id).Occupied | Should -BeTrue
    }

    It 'takes -Speed over the slot speed' {
        $icon = New-CfInterconnect -SlotId $freeSlot.Id -Type 'direct' -Speed '1G'
        $icon.Speed | Should -Be '1G'
    }

    It 'creates a GCP partner interconnect, of type gcp_partner without -Type' {
        $key = '{0}/europe-west4/2' -f [guid]::NewGuid()
        $icon = @(New-CfInterconnect -Bandwidth '500M' -PairingKey $key)
        $icon | Should -HaveCount 1
        $icon[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.GcpPartnerInterconnect'
        $icon[0].Kind | Should -BeExactly 'GcpPartner'
        $icon[0].Kind | Should -BeOfType [string]
        $icon[0].Type | Should -BeExactly 'gcp_partner'
        $icon[0].Region | Should -Be 'europe-west4'
        $icon[0].Speed | Should -Be '500M'
        $icon[0].VirtualPortReservationId | Should -Match '^[0-9a-f]{8}-[0-9a-f]{4}-'
        (Get-CfSandboxRequest -Method POST).Body | Should -BeLike '*"type":"gcp_partner"*'
        @(Get-CfInterconnect) | Should -HaveCount 1
    }

    It 'refuses a -Type that contradicts the parameter set, before any request' {
        Clear-CfSandboxRequest
        { New-CfInterconnect -SlotId $freeSlot.Id -Type 'gcp_partner' } |
            Should -Throw -ErrorId 'CfValidation.TypeConflict,CloudflareCni.Cmdlets.NewCfInterconnectCommand'
        { New-CfInterconnect -Bandwidth '1G' -PairingKey ('{0}/europe-west4/1' -f [guid]::NewGuid()) -Type 'direct' -WhatIf } |
            Should -Throw -ErrorId 'CfValidation.TypeConflict,CloudflareCni.Cmdlets.NewCfInterconnectCommand'
        Get-CfSandboxRequest | Should -BeNullOrEmpty
    }

    It 'compares Kind as text, and with the names of the InterconnectKind enum' {
        $icon = New-CfInterconnect -SlotId $freeSlot.Id
        $icon.Kind -eq 'Physical' | Should -BeTrue
        $icon.Kind -eq [CloudflareCni.InterconnectKind]::Physical | Should -BeTrue
        $icon.Is('Physical') | Should -BeTrue
        ($icon | ConvertTo-Json | ConvertFrom-Json).Kind | Should -BeExactly 'Physical'
    }

    It 'sends -Bandwidth in the API''s spelling, in whatever case it was typed' {
        $icon = New-CfInterconnect -Bandwidth '500m' -PairingKey ('{0}/europe-west4/1' -f [guid]::NewGuid())
        $icon.Speed | Should -BeExactly '500M'
    }

    It 'with -WhatIf creates nothing and sends no POST' {
        $records = Invoke-CfTestWhatIf -ArgumentList $freeSlot.Id -ScriptBlock {
            param($SlotId) New-CfInterconnect -SlotId $SlotId -Type 'direct' -WhatIf -Verbose 4>&1
        }
        Get-CfTestObjectOutput -Records $records | Should -BeNullOrEmpty
        @(Get-CfTestVerboseMessage -Records $records | Where-Object { $_ -like 'POST *' }) | Should -BeNullOrEmpty
        Get-CfInterconnect | Should -BeNullOrEmpty
        (Get-CfCniSlot -Id $freeSlot.Id).Occupied | Should -BeFalse
    }

    It 'validates -Bandwidth against the 12 values before any request' {
        $err = { New-CfInterconnect -Bandwidth '3G' -PairingKey 'key' } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,CloudflareCni.Cmdlets.NewCfInterconnectCommand' -PassThru
        $err.Exception.Message | Should -BeLike "*'Bandwidth'*"
        Get-CfInterconnect | Should -BeNullOrEmpty
    }

    It 'validates -SlotId as a UUID before any request' {
        $err = { New-CfInterconnect -SlotId 'not-a-uuid' -Type 'direct' } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.NewCfInterconnectCommand' -PassThru
        $err.Exception.Message | Should -BeLike "*'SlotId'*"
        Get-CfInterconnect | Should -BeNullOrEmpty
    }

    It 'does not mix the physical and GCP parameter sets' {
        { New-CfInterconnect -SlotId $freeSlot.Id -Bandwidth '1G' -Type 'direct' } |
            Should -Throw -ErrorId 'AmbiguousParameterSet,CloudflareCni.Cmdlets.NewCfInterconnectCommand'
    }

    It 'writes a non-terminating conflict error for an occupied slot' {
        $busy = @(Get-CfCniSlot -Occupied -First 1)[0]
        $created = New-CfInterconnect -SlotId $busy.Id -Type 'direct' -ErrorAction SilentlyContinue -ErrorVariable createErrors
        $created | Should -BeNullOrEmpty
        $createErrors | Should -HaveCount 1
        $createErrors[0].FullyQualifiedErrorId | Should -Be 'CfApi.Conflict,CloudflareCni.Cmdlets.NewCfInterconnectCommand'
        $createErrors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ResourceExists)
        $createErrors[0].TargetObject | Should -Be $busy.Id
        Get-CfInterconnect | Should -BeNullOrEmpty
    }

    It 'binds -SlotId and -Speed from a piped object by property name' {
        $icon = [pscustomobject]@{ SlotId = $freeSlot.Id; Speed = '2G' } | New-CfInterconnect -Type 'direct'
        $icon.SlotId | Should -Be $freeSlot.Id
        $icon.Speed | Should -Be '2G'
    }
}

Describe 'Remove-CfInterconnect' {
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
        $icon = New-CfTestPhysicalInterconnect
    }

    It 'with -WhatIf deletes nothing and sends no DELETE' {
        $records = Invoke-CfTestWhatIf -ArgumentList $icon.Name -ScriptBlock { param($Name) Remove-CfInterconnect -Name $Name -WhatIf -Verbose 4>&1 }
        @(Get-CfTestVerboseMessage -Records $records | Where-Object { $_ -like 'DELETE *' }) | Should -BeNullOrEmpty
        @(Get-CfInterconnect -Name $icon.Name) | Should -HaveCount 1
    }

    It 'with -WhatIf -Force still deletes nothing' {
        $null = Invoke-CfTestWhatIf -ArgumentList $icon.Name -ScriptBlock { param($Name) Remove-CfInterconnect -Name $Name -WhatIf -Force }
        @(Get-CfInterconnect -Name $icon.Name) | Should -HaveCount 1
    }

    It 'with -Confirm:$false deletes, writes nothing and frees the slot' {
        $output = Remove-CfInterconnect -Name $icon.Name -Confirm:$false
        $output | Should -BeNullOrEmpty
        Get-CfInterconnect | Should -BeNullOrEmpty
        (Get-CfCniSlot -Id $icon.SlotId).Occupied | Should -BeFalse
    }

    It 'with -Force deletes without asking' {
        Remove-CfInterconnect -Name $icon.Name -Force
        Get-CfInterconnect | Should -BeNullOrEmpty
    }

    It 'asks before deleting: in a host that cannot prompt, nothing is deleted without -Force or -Confirm:$false' {
        $result = Invoke-CfTestInNewRunspace -ScriptBlock { param($Name) Remove-CfInterconnect -Name $Name } -ArgumentList $icon.Name
        ($null -ne $result.Exception -or $result.Errors.Count -gt 0) | Should -BeTrue -Because 'the confirmation prompt cannot be shown there'
        @(Get-CfInterconnect -Name $icon.Name) | Should -HaveCount 1

        # The same runspace deletes it with -Force: the refusal above came from the prompt.
        $forced = Invoke-CfTestInNewRunspace -ScriptBlock { param($Name) Remove-CfInterconnect -Name $Name -Force } -ArgumentList $icon.Name
        $forced.Exception | Should -BeNullOrEmpty
        $forced.Errors | Should -BeNullOrEmpty
        Get-CfInterconnect | Should -BeNullOrEmpty
    }

    It 'writes a non-terminating error for an unknown name and deletes the other names' {
        'a-bad-name', $icon.Name | Remove-CfInterconnect -Force -ErrorAction SilentlyContinue -ErrorVariable removeErrors
        $removeErrors | Should -HaveCount 1
        $removeErrors[0].FullyQualifiedErrorId | Should -Be 'CfApi.NotFound,CloudflareCni.Cmdlets.RemoveCfInterconnectCommand'
        $removeErrors[0].TargetObject | Should -Be 'a-bad-name'
        Get-CfInterconnect | Should -BeNullOrEmpty
    }

    It 'does not delete an interconnect that still hosts a CNI: non-terminating conflict error' {
        $null = New-CfCni -Interconnect $icon.Name -ConduitName 'keeps-it' -Mtu 1500
        Remove-CfInterconnect -Name $icon.Name -Force -ErrorAction SilentlyContinue -ErrorVariable removeErrors
        $removeErrors | Should -HaveCount 1
        $removeErrors[0].FullyQualifiedErrorId | Should -Be 'CfApi.Conflict,CloudflareCni.Cmdlets.RemoveCfInterconnectCommand'
        @(Get-CfInterconnect -Name $icon.Name) | Should -HaveCount 1
    }
}

Describe 'Get-CfInterconnectStatus' {
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
        $icon = New-CfTestPhysicalInterconnect
    }

    It 'reports Pending for a new interconnect, then Healthy' {
        $first = @(Get-CfInterconnectStatus -Name $icon.Name)
        $first | Should -HaveCount 1
        $first[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.InterconnectStatus'
        $first[0].Name | Should -Be $icon.Name
        "$($first[0].State)" | Should -Be 'Pending'

        "$((Get-CfInterconnectStatus $icon.Name).State)" | Should -Be 'Pending'
        $third = Get-CfInterconnectStatus -Name $icon.Name
        "$($third.State)" | Should -Be 'Healthy'
        $third.Reason | Should -BeNullOrEmpty
    }

    It 'shows the default table view: State, Name, Reason' {
        $text = Get-CfInterconnectStatus -Name $icon.Name | ConvertTo-CfTestText
        $text | Should -Match 'State\s+Name\s+Reason'
        $text | Should -Match ('Pending\s+{0}' -f [regex]::Escape($icon.Name))
    }

    It 'takes names from the pipeline, and the Icon alias' {
        $other = New-CfTestGcpInterconnect
        $statuses = @($icon.Name, $other.Name | Get-CfInterconnectStatus)
        $statuses | Should -HaveCount 2
        (@($statuses | ForEach-Object { $_.Name }) -join ',') | Should -Be (@($icon.Name, $other.Name) -join ',')
        (Get-CfInterconnectStatus -Icon $other.Name).Name | Should -Be $other.Name
    }

    It 'writes a non-terminating error for an unknown name and still processes the others' {
        $statuses = @('a-bad-name', $icon.Name | Get-CfInterconnectStatus -ErrorAction SilentlyContinue -ErrorVariable statusErrors)
        $statuses | Should -HaveCount 1
        $statusErrors | Should -HaveCount 1
        $statusErrors[0].FullyQualifiedErrorId | Should -Be 'CfApi.NotFound,CloudflareCni.Cmdlets.GetCfInterconnectStatusCommand'
        $statusErrors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
        $statusErrors[0].TargetObject | Should -Be 'a-bad-name'
    }

    It 'without -Name or input reads the status of every interconnect, in listing order: one listing, one status GET each' {
        $icons = @($icon) + @(New-CfTestGcpInterconnect) + @(New-CfTestPhysicalInterconnect)
        Set-CfSandboxInterconnect -Name $icons[1].Name -State Down -Reason 'Loss of light' -Confirm:$false
        $listed = @(Get-CfInterconnect | ForEach-Object { $_.Name })
        $listed | Should -HaveCount 3
        Clear-CfSandboxRequest

        $statuses = @(Get-CfInterconnectStatus -ThrottleLimit 2)

        @($statuses | ForEach-Object { $_.Name }) -join ',' | Should -Be ($listed -join ',')
        $statuses[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.InterconnectStatus'
        "$(($statuses | Where-Object Name -EQ $icons[1].Name).State)" | Should -Be 'Down'
        $requests = @(Get-CfSandboxRequest | ForEach-Object { "$($_.Command) $($_.Method) $($_.Route)" })
        $requests[0] | Should -Be 'Get-CfInterconnectStatus GET /interconnects'
        @($requests | Select-Object -Skip 1 | Sort-Object) -join ';' |
            Should -Be (@($listed | ForEach-Object { "Get-CfInterconnectStatus GET /interconnects/$_/status" } | Sort-Object) -join ';')
    }

    It 'without -Name or input in an account without interconnects writes nothing and no error' {
        Connect-CfTestSandbox
        Clear-CfSandboxRequest
        @(Get-CfInterconnectStatus -ErrorVariable statusErrors) | Should -HaveCount 0
        $statusErrors | Should -HaveCount 0
        @(Get-CfSandboxRequest | ForEach-Object { "$($_.Method) $($_.Route)" }) -join ';' | Should -Be 'GET /interconnects'
    }

    It 'still takes a name by position, reading no listing, and refuses an empty -Name' {
        $null = New-CfTestGcpInterconnect
        Clear-CfSandboxRequest
        @(Get-CfInterconnectStatus $icon.Name | ForEach-Object { $_.Name }) | Should -Be @($icon.Name)
        @(Get-CfSandboxRequest | ForEach-Object { "$($_.Method) $($_.Route)" }) -join ';' | Should -Be "GET /interconnects/$($icon.Name)/status"
        { Get-CfInterconnectStatus -Name $null } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }

    It 'acts on the piped input alone: interconnects, CSV rows, a string; an empty pipeline reads nothing' {
        $other = New-CfTestGcpInterconnect
        $null = New-CfTestPhysicalInterconnect
        @(Get-CfInterconnect -Name $other.Name | Get-CfInterconnectStatus | ForEach-Object { $_.Name }) | Should -Be @($other.Name)
        $rows = @([pscustomobject]@{ Name = $other.Name; Note = 'x' }, [pscustomobject]@{ Name = $icon.Name; Note = 'y' }) | ConvertTo-Csv | ConvertFrom-Csv
        @($rows | Get-CfInterconnectStatus | ForEach-Object { $_.Name }) -join ',' | Should -Be "$($other.Name),$($icon.Name)"
        @($other.Name | Get-CfInterconnectStatus | ForEach-Object { $_.Name }) | Should -Be @($other.Name)
        Clear-CfSandboxRequest
        @(@() | Get-CfInterconnectStatus) | Should -HaveCount 0
        @(Get-CfSandboxRequest) | Should -HaveCount 0
    }
}

Describe 'Save-CfInterconnectLoa' {
    BeforeAll {
        $savedEnv = Save-CfTestEnvironment
        Connect-CfTestSandbox
        $icon = New-CfTestPhysicalInterconnect
        $partner = New-CfTestGcpInterconnect

        function Get-CfTestFileHead {
            param([string] $Path)
            $bytes = [System.IO.File]::ReadAllBytes($Path)
            [System.Text.Encoding]::ASCII.GetString($bytes, 0, [Math]::Min(4, $bytes.Length))
        }
    }

    AfterAll {
        Disconnect-CfAccount
        Restore-CfTestEnvironment -Saved $savedEnv
    }

    It 'saves the Letter of Authorization as a PDF to -Path, writing nothing to the output' {
        $path = Join-Path $TestDrive 'explicit.pdf'
        $output = Save-CfInterconnectLoa -Name $icon.Name -Path $path
        $output | Should -BeNullOrEmpty
        $path | Should -Exist
        Get-CfTestFileHead -Path $path | Should -Be '%PDF'
        $text = [System.Text.Encoding]::ASCII.GetString([System.IO.File]::ReadAllBytes($path))
        $text | Should -BeLike "*Interconnect: $($icon.Name)*"
    }

    It 'with -PassThru writes the saved file as a FileInfo' {
        $path = Join-Path $TestDrive 'passthru.pdf'
        $file = @(Save-CfInterconnectLoa -Name $icon.Name -Path $path -PassThru)
        $file | Should -HaveCount 1
        $file[0] | Should -BeOfType ([System.IO.FileInfo])
        $file[0].Name | Should -Be 'passthru.pdf'
        $file[0].Length | Should -BeGreaterThan 100
        $file[0].Length | Should -Be (Get-Item -LiteralPath $path).Length
    }

    It 'resolves a relative -Path against the current PowerShell location' {
        $fileName = 'relative-{0}.pdf' -f [guid]::NewGuid().ToString('N')
        Push-Location -LiteralPath $TestDrive
        try {
            $file = Save-CfInterconnectLoa -Name $icon.Name -Path $fileName -PassThru
        }
        finally {
            Pop-Location
        }

        Join-Path $TestDrive $fileName | Should -Exist
        $file.Name | Should -Be $fileName
        # Not the process's working directory, which Set-Location does not change.
        Join-Path ([System.Environment]::CurrentDirectory) $fileName | Should -Not -Exist
    }

    # The names avoid <...>: Pester would expand it as a variable ($name) in the test name.
    It 'without -Path saves {name}-loa.pdf in the current location' {
        $folder = Join-Path $TestDrive 'default-name'
        $null = New-Item -ItemType Directory -Path $folder
        Push-Location -LiteralPath $folder
        try {
            Save-CfInterconnectLoa -Name $icon.Name
        }
        finally {
            Pop-Location
        }

        $expected = Join-Path $folder ('{0}-loa.pdf' -f $icon.Name)
        $expected | Should -Exist
        Get-CfTestFileHead -Path $expected | Should -Be '%PDF'
    }

    It 'saves {name}-loa.pdf inside a folder given as -Path' {
        $folder = Join-Path $TestDrive 'into-folder'
        $null = New-Item -ItemType Directory -Path $folder
        $file = Save-CfInterconnectLoa -Name $icon.Name -Path $folder -PassThru
        $file.Name | Should -Be ('{0}-loa.pdf' -f $icon.Name)
        Join-Path $folder $file.Name | Should -Exist
    }

    It 'with -WhatIf writes no file' {
        $path = Join-Path $TestDrive 'whatif.pdf'
        $null = Invoke-CfTestWhatIf -ArgumentList $icon.Name, $path -ScriptBlock { param($Name, $Path) Save-CfInterconnectLoa -Name $Name -Path $Path -WhatIf }
        $path | Should -Not -Exist
    }

    It 'does not silently replace an existing file without -Force (a host that cannot prompt refuses)' {
        $path = Join-Path $TestDrive 'existing.pdf'
        [System.IO.File]::WriteAllText($path, 'old content')
        # The cmdlet asks (ShouldContinue) before replacing a file. This Pester host may be interactive, where the
        # question would wait for a key, so it is asked in a runspace that cannot prompt.
        $result = Invoke-CfTestInNewRunspace -ScriptBlock {
            param($Name, $Path)
            Save-CfInterconnectLoa -Name $Name -Path $Path -PassThru
        } -ArgumentList $icon.Name, $path

        [System.IO.File]::ReadAllText($path) | Should -Be 'old content'
        @($result.Output | Where-Object { $_ -is [System.IO.FileInfo] }) | Should -BeNullOrEmpty
        $result.Exception | Should -BeNullOrEmpty -Because 'a refused replace is a non-terminating error for that file'
        $result.Errors | Should -HaveCount 1
        $result.Errors[0].FullyQualifiedErrorId | Should -Be 'CfLoa.FileExists,CloudflareCni.Cmdlets.SaveCfInterconnectLoaCommand'
        $result.Errors[0].CategoryInfo.Category | Should -Be 'ResourceExists'
    }

    It 'with -Force replaces an existing file' {
        $path = Join-Path $TestDrive 'forced.pdf'
        [System.IO.File]::WriteAllText($path, 'old content')
        Save-CfInterconnectLoa -Name $icon.Name -Path $path -Force
        Get-CfTestFileHead -Path $path | Should -Be '%PDF'
    }

    It 'writes a non-terminating error for a GCP partner interconnect, which has no LOA, and saves the others' {
        $folder = Join-Path $TestDrive 'mixed'
        $null = New-Item -ItemType Directory -Path $folder
        $files = @($partner.Name, $icon.Name | Save-CfInterconnectLoa -Path $folder -PassThru -ErrorAction SilentlyContinue -ErrorVariable loaErrors)
        $files | Should -HaveCount 1
        $files[0].Name | Should -Be ('{0}-loa.pdf' -f $icon.Name)
        $loaErrors | Should -HaveCount 1
        $loaErrors[0].FullyQualifiedErrorId | Should -Be 'CfApi.BadRequest,CloudflareCni.Cmdlets.SaveCfInterconnectLoaCommand'
        $loaErrors[0].TargetObject | Should -Be $partner.Name
        Join-Path $folder ('{0}-loa.pdf' -f $partner.Name) | Should -Not -Exist
    }

    It 'writes a non-terminating CfLoa.FolderNotFound error for a missing folder' {
        $path = Join-Path (Join-Path $TestDrive 'no-such-folder') 'loa.pdf'
        Save-CfInterconnectLoa -Name $icon.Name -Path $path -ErrorAction SilentlyContinue -ErrorVariable loaErrors
        $loaErrors | Should -HaveCount 1
        $loaErrors[0].FullyQualifiedErrorId | Should -Be 'CfLoa.FolderNotFound,CloudflareCni.Cmdlets.SaveCfInterconnectLoaCommand'
        $loaErrors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
        $path | Should -Not -Exist
    }

    It 'takes interconnects from the pipeline' {
        $folder = Join-Path $TestDrive 'piped'
        $null = New-Item -ItemType Directory -Path $folder
        $file = Get-CfInterconnect -Name $icon.Name | Save-CfInterconnectLoa -Path $folder -PassThru
        $file.Name | Should -Be ('{0}-loa.pdf' -f $icon.Name)
    }

    It 'prints -CustomerName on the LOA, and Get-CfInterconnectLoaName shows the default name it replaces' {
        $folder = Join-Path $TestDrive 'named'
        New-Item -ItemType Directory -Path $folder | Out-Null
        $default = Get-CfInterconnectLoaName -Name $icon.Name
        $default.PSObject.TypeNames | Should -Contain 'CloudflareCni.InterconnectLoaName'
        $default.Name | Should -Be $icon.Name
        $default.CustomerName | Should -BeLike 'Sandbox account *'

        Save-CfInterconnectLoa -Name $icon.Name -Path $folder -CustomerName 'Example Networks GmbH'
        $text = [System.Text.Encoding]::ASCII.GetString([System.IO.File]::ReadAllBytes((Join-Path $folder ('{0}-loa.pdf' -f $icon.Name))))
        $text | Should -BeLike '*Customer: Example Networks GmbH*'
        (Get-CfSandboxRequest -Command Save-CfInterconnectLoa | Select-Object -Last 1).Query.name | Should -Be 'Example Networks GmbH'

        # Piped, its Name and CustomerName bind -Name and -CustomerName.
        $default | Save-CfInterconnectLoa -Path (Join-Path $folder 'piped.pdf')
        (Get-CfSandboxRequest -Command Save-CfInterconnectLoa | Select-Object -Last 1).Query.name | Should -Be $default.CustomerName
    }

}

Describe 'Get-CfInterconnectLoaName' {
    BeforeAll {
        $savedEnv = Save-CfTestEnvironment
    }

    AfterAll {
        Disconnect-CfAccount
        Restore-CfTestEnvironment -Saved $savedEnv
    }

    BeforeEach {
        Connect-CfTestSandbox
    }

    It 'without -Name or input reads the default name of every interconnect, in listing order: one listing, one GET each' {
        $null = New-CfTestPhysicalInterconnect
        $null = New-CfTestGcpInterconnect
        $null = New-CfTestPhysicalInterconnect
        $listed = @(Get-CfInterconnect | ForEach-Object { $_.Name })
        Clear-CfSandboxRequest

        $names = @(Get-CfInterconnectLoaName -ThrottleLimit 1)

        @($names | ForEach-Object { $_.Name }) -join ',' | Should -Be ($listed -join ',')
        $names[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.InterconnectLoaName'
        $names[0].CustomerName | Should -Not -BeNullOrEmpty
        @(Get-CfSandboxRequest | ForEach-Object { "$($_.Method) $($_.Route)" }) -join ';' |
            Should -Be ((@('GET /interconnects') + @($listed | ForEach-Object { "GET /interconnects/$_/loa/default" })) -join ';')
    }

    It 'without -Name or input in an account without interconnects writes nothing and no error' {
        @(Get-CfInterconnectLoaName -ErrorVariable loaErrors) | Should -HaveCount 0
        $loaErrors | Should -HaveCount 0
    }

    It 'still takes a name by position and piped interconnects' {
        $icon = New-CfTestPhysicalInterconnect
        $null = New-CfTestGcpInterconnect
        @(Get-CfInterconnectLoaName $icon.Name | ForEach-Object { $_.Name }) | Should -Be @($icon.Name)
        @(Get-CfInterconnect -Name $icon.Name | Get-CfInterconnectLoaName | ForEach-Object { $_.Name }) | Should -Be @($icon.Name)
    }
}

Describe 'The commands that change or wait on interconnects' {
    BeforeAll {
        $savedEnv = Save-CfTestEnvironment
        Connect-CfTestSandbox
        $null = New-CfTestPhysicalInterconnect
    }

    AfterAll {
        Disconnect-CfAccount
        Restore-CfTestEnvironment -Saved $savedEnv
    }

    It '<_> without -Name still needs the names: no default to every interconnect, and nothing sent' -ForEach @(
        'Wait-CfInterconnect -PollInterval 0.1 -Timeout 1', 'Save-CfInterconnectLoa', 'Remove-CfInterconnect -Confirm:$false'
    ) {
        Clear-CfSandboxRequest
        # A host that cannot prompt turns the prompt for a missing mandatory -Name into an error.
        $result = Invoke-CfTestInNewRunspace -ScriptBlock ([scriptblock]::Create($_))
        @($result.Output) | Should -HaveCount 0
        @($result.Errors | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] }) | Should -Be @('MissingMandatoryParameter')
        @(Get-CfSandboxRequest) | Should -HaveCount 0
        @(Get-CfInterconnect) | Should -HaveCount 1
    }
}

Describe 'Wait-CfInterconnect' {
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
        $icon = New-CfTestPhysicalInterconnect
    }

    It 'polls until Healthy and writes the final status; a whole -PollInterval is seconds, on the sandbox''s clock' {
        # One Pending read, then a pause of -PollInterval 30 (seconds, not ticks), then Healthy. The sandbox's own clock
        # skips the pause: its request log shows it, the wall clock does not.
        $null = Get-CfInterconnectStatus -Name $icon.Name
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $status = @(Wait-CfInterconnect -Name $icon.Name -PollInterval 30 -Timeout 600)
        $clock.Stop()
        $status | Should -HaveCount 1
        $status[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.InterconnectStatus'
        $status[0].Name | Should -Be $icon.Name
        "$($status[0].State)" | Should -Be 'Healthy'
        $reads = @(Get-CfSandboxRequest -Command Wait-CfInterconnect)
        $reads | Should -HaveCount 2
        ($reads[1].Time - $reads[0].Time).TotalSeconds | Should -BeGreaterOrEqual 30
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
    }

    It 'takes a fractional -PollInterval: 0.2 is 200 milliseconds, in real time with -SandboxRealTime' {
        # The sandbox reports Pending for two reads: two pauses of 0.2 s come before the Healthy read.
        $null = Connect-CfAccount -Sandbox -SandboxRealTime
        $real = New-CfTestPhysicalInterconnect
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $status = Wait-CfInterconnect -Name $real.Name -PollInterval 0.2 -Timeout 60
        $clock.Stop()
        "$($status.State)" | Should -Be 'Healthy'
        $clock.Elapsed.TotalSeconds | Should -BeGreaterThan 0.35
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 1.5
        (Get-Command Wait-CfInterconnect).Parameters['PollInterval'].ParameterType | Should -Be ([double])
    }

    It 'returns at once when the interconnect is already in the wanted state' {
        $null = Get-CfInterconnectStatus -Name $icon.Name
        $null = Get-CfInterconnectStatus -Name $icon.Name
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $status = Wait-CfInterconnect -Name $icon.Name -PollInterval 30
        $clock.Stop()
        "$($status.State)" | Should -Be 'Healthy'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
    }

    It 'waits for piped interconnects' {
        $statuses = @(Get-CfInterconnect | Wait-CfInterconnect -PollInterval 0.1 -Timeout 60)
        $statuses | Should -HaveCount 1
        $statuses[0].Name | Should -Be $icon.Name
        "$($statuses[0].State)" | Should -Be 'Healthy'
    }

    It 'times out with a non-terminating CfWait.Timeout error' {
        $output = Wait-CfInterconnect -Name $icon.Name -State Down -Timeout 1 -PollInterval 0.25 -ErrorAction SilentlyContinue -ErrorVariable waitErrors
        $output | Should -BeNullOrEmpty
        $waitErrors | Should -HaveCount 1
        $waitErrors[0].FullyQualifiedErrorId | Should -Be 'CfWait.Timeout,CloudflareCni.Cmdlets.WaitCfInterconnectCommand'
        $waitErrors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::OperationTimeout)
        $waitErrors[0].TargetObject | Should -Be $icon.Name
    }

    It 'writes a non-terminating error for an unknown name' {
        Wait-CfInterconnect -Name 'a-bad-name' -PollInterval 0.1 -Timeout 5 -ErrorAction SilentlyContinue -ErrorVariable waitErrors
        $waitErrors | Should -HaveCount 1
        $waitErrors[0].FullyQualifiedErrorId | Should -Be 'CfApi.NotFound,CloudflareCni.Cmdlets.WaitCfInterconnectCommand'
    }

    It 'validates -PollInterval (0.1 to 3600 seconds) and -State before polling' {
        foreach ($interval in 0, 0.05, 3601, [double]::NaN) {
            { Wait-CfInterconnect -Name $icon.Name -PollInterval $interval } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.WaitCfInterconnectCommand'
        }
        # -State takes a state Cloudflare may add, but not blank or hidden text.
        foreach ($state in '', ' ', "Heal`u{200B}thy") {
            { Wait-CfInterconnect -Name $icon.Name -State $state } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.WaitCfInterconnectCommand'
        }
    }

    It 'keeps waiting through a state it does not know, until -Timeout, and waits for one when asked to' {
        Set-CfSandboxInterconnect -Name $icon.Name -State Degraded -Reason 'one of two links' -WarningAction SilentlyContinue
        $err = $null
        $status = Wait-CfInterconnect -Name $icon.Name -PollInterval 0.1 -Timeout 1 -ErrorVariable err -ErrorAction SilentlyContinue
        $status | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'CfWait.Timeout,CloudflareCni.Cmdlets.WaitCfInterconnectCommand'
        $err[0].Exception.Message | Should -BeLike '*it is Degraded: one of two links*'

        $status = Wait-CfInterconnect -Name $icon.Name -State 'Degraded' -PollInterval 0.1 -Timeout 5 -WarningVariable warned -WarningAction SilentlyContinue
        $status.State | Should -BeExactly 'Degraded'
        "$warned" | Should -BeLike "*'Degraded' is not a link state the module knows*"
    }
}
