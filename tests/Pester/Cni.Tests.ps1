# CNIs: Get-CfCni, New-CfCni, Set-CfCni, Remove-CfCni. The sandbox gives every new CNI the next /31 of 100.64.0.0/10:
# the even address is the Cloudflare end (p2p_ip, CloudflareIp), the odd one the customer end (cust_ip, CustomerIp).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
}

Describe 'Get-CfCni' {
    BeforeAll {
        $savedEnv = Save-CfTestEnvironment
        Connect-CfTestSandbox
        $icon = New-CfTestPhysicalInterconnect
        $otherIcon = New-CfTestPhysicalInterconnect
        $cnis = @(1..3 | ForEach-Object { New-CfCni -Interconnect $icon.Name -ConduitName "conduit-$_" -Mtu 1500 })
        $otherCni = New-CfCni -Interconnect $otherIcon.Name -ConduitName 'conduit-other' -Mtu 1400 -CustomerAsn 64512
        $allIds = @($cnis | ForEach-Object { $_.Id }) + @($otherCni.Id)
    }

    AfterAll {
        Disconnect-CfAccount
        Restore-CfTestEnvironment -Saved $savedEnv
    }

    It 'lists every CNI as a typed object' {
        $all = @(Get-CfCni)
        $all | Should -HaveCount 4
        (@($all | ForEach-Object { $_.Id }) -join ',') | Should -Be ($allIds -join ',')
        $all[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.Cni'
        $all[0].ConduitName | Should -Be 'conduit-1'
        $all[0].Mtu | Should -Be 1500
        $all[0].Interconnect | Should -Be $icon.Name
        $all[0].CustomerAsn | Should -BeNullOrEmpty
        $all[3].CustomerAsn | Should -Be 64512
    }

    It 'gets CNIs by -Id, by position and from the pipeline' {
        (Get-CfCni -Id $cnis[1].Id).ConduitName | Should -Be 'conduit-2'
        (Get-CfCni $cnis[2].Id).Id | Should -Be $cnis[2].Id
        $piped = @($cnis[0].Id, $otherCni.Id | Get-CfCni)
        (@($piped | ForEach-Object { $_.Id }) -join ',') | Should -Be (@($cnis[0].Id, $otherCni.Id) -join ',')
    }

    It 'has no unknown fields in the sandbox' {
        (Get-CfCni -Id $cnis[0].Id).GetAdditionalFieldNames() | Should -BeNullOrEmpty
    }

    It 'has ConduitName, Mtu and CustomerAsn properties to sort and filter on' {
        $all = @(Get-CfCni)
        $all[0].ConduitName | Should -Be 'conduit-1'
        $all[0].Mtu | Should -Be 1500
        $all[0].CustomerAsn | Should -BeNullOrEmpty
        $all[3].Mtu | Should -Be 1400
        $all[3].CustomerAsn | Should -Be 64512
        $small = @(Get-CfCni | Where-Object { $_.Mtu -lt 1500 })
        $small | Should -HaveCount 1
        $small[0].Id | Should -Be $otherCni.Id
    }

    It 'shows the default table view' {
        $text = Get-CfCni | ConvertTo-CfTestText
        $text | Should -Match 'Id\s+Interconnect\s+ConduitName'
        $text | Should -Match ('{0}\s+{1}\s+conduit-1' -f $cnis[0].Id, [regex]::Escape($icon.Name))
        $text | Should -Match ('{0}\s+{1}\s+{2}' -f $otherCni.Id, [regex]::Escape($otherIcon.Name), [regex]::Escape($otherCni.ConduitName))
        # The names a user types back fit a console of 80 columns whole.
        $narrow = Get-CfCni | Out-String -Width 80
        @($narrow -split "`n" | Where-Object { $_.TrimEnd().Length -ge 80 }) | Should -BeNullOrEmpty
        $narrow | Should -BeLike ('*{0}*' -f $otherCni.ConduitName)
        # The MD5 key is kept out of the default view.
        $text | Should -Not -Match 'Md5'
    }

    It '-First, -Skip and -IncludeTotalCount page the listing' {
        (@(Get-CfCni -First 2) | ForEach-Object { $_.Id }) -join ',' | Should -Be ($allIds[0..1] -join ',')
        (@(Get-CfCni -Skip 2) | ForEach-Object { $_.Id }) -join ',' | Should -Be ($allIds[2..3] -join ',')
        $counted = @(Get-CfCni -Skip 3 -IncludeTotalCount)
        $counted | Should -HaveCount 2
        $counted[0].Id | Should -Be $allIds[3]
        [uint64]$counted[1] | Should -Be 4
        $counted[1].Accuracy | Should -Be 1
    }

    It '-SinglePage returns one page and its next cursor; -Cursor continues from it' {
        $page = Get-CfCni -SinglePage -PageSize 3
        $page.PSObject.TypeNames | Should -Contain 'CloudflareCni.CfPage'
        $page.Count | Should -Be 3
        $page.NextCursor | Should -Be 3
        $rest = Get-CfCni -SinglePage -PageSize 3 -Cursor $page.NextCursor
        $rest.Count | Should -Be 1
        $rest.HasMore | Should -BeFalse
        @($rest.Items)[0].Id | Should -Be $otherCni.Id
    }

    It '-Slot lists the CNIs of the interconnect on that slot' {
        $onSlot = @(Get-CfCni -Slot $otherIcon.SlotId)
        $onSlot | Should -HaveCount 1
        $onSlot[0].Id | Should -Be $otherCni.Id
        @(Get-CfCni -Slot $icon.SlotId) | Should -HaveCount 3
    }

    It 'writes a non-terminating ObjectNotFound error for an unknown id and still processes the others' {
        $missing = [guid]::NewGuid().ToString()
        $found = @($missing, $cnis[0].Id | Get-CfCni -ErrorAction SilentlyContinue -ErrorVariable lookupErrors)
        $found | Should -HaveCount 1
        $found[0].Id | Should -Be $cnis[0].Id
        $lookupErrors | Should -HaveCount 1
        $lookupErrors[0].FullyQualifiedErrorId | Should -Be 'CfApi.NotFound,CloudflareCni.Cmdlets.GetCfCniCommand'
        $lookupErrors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
        $lookupErrors[0].TargetObject | Should -Be $missing
    }

    It 'rejects a malformed -Id or -Slot before any request' {
        $err = { Get-CfCni -Id 'not-a-uuid' } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.GetCfCniCommand' -PassThru
        $err.Exception.Message | Should -BeLike "*'Id'*"
        $err.Exception.Message | Should -BeLike '*not a UUID*'
        { Get-CfCni -Slot 'slot-1' } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.GetCfCniCommand'
    }
}

Describe 'New-CfCni' {
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

    It 'creates a CNI without BGP' {
        $cni = @(New-CfCni -Interconnect $icon.Name -ConduitName 'tunnel-a' -Description 'first tunnel' -Mtu 1500)
        $cni | Should -HaveCount 1
        $cni[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.Cni'
        [guid]::Parse($cni[0].Id) | Should -Not -BeNullOrEmpty
        $cni[0].Account | Should -Be $CfSandboxAccountId
        $cni[0].Interconnect | Should -Be $icon.Name
        $cni[0].ConduitName | Should -Be 'tunnel-a'
        $cni[0].Description | Should -Be 'first tunnel'
        $cni[0].Mtu | Should -Be 1500
        $cni[0].CustomerAsn | Should -BeNullOrEmpty
        $cni[0].CustomerIp | Should -Match '^\d{1,3}(\.\d{1,3}){3}/\d{1,2}$'
        $cni[0].CloudflareIp | Should -Match '^\d{1,3}(\.\d{1,3}){3}/\d{1,2}$'
        (Get-CfCni -Id $cni[0].Id).ConduitName | Should -Be 'tunnel-a'
    }

    It 'creates a BGP session with a 4-byte ASN, extra prefixes and an MD5 key' {
        $cni = New-CfCni -Interconnect $icon.Name -ConduitName 'tunnel-bgp' -Mtu 1476 -CustomerAsn 4200000000 -ExtraPrefix '10.0.0.0/8', '192.168.0.0/16' -Md5Key 'k3y!secret'
        $cni.CustomerAsn | Should -Be 4200000000
        (@($cni.ExtraPrefix) -join ',') | Should -Be '10.0.0.0/8,192.168.0.0/16'
        $cni.Md5Key | Should -Be 'k3y!secret'
        (Get-CfCni -Id $cni.Id).CustomerAsn | Should -Be 4200000000
    }

    It 'binds -Interconnect from a piped interconnect''s Name' {
        $cni = $icon | New-CfCni -ConduitName 'piped' -Mtu 1400
        $cni.Interconnect | Should -Be $icon.Name
        $cni.Mtu | Should -Be 1400
    }

    It 'with -WhatIf creates nothing and sends no POST' {
        $records = Invoke-CfTestWhatIf -ArgumentList $icon.Name -ScriptBlock {
            param($Name) New-CfCni -Interconnect $Name -ConduitName 'not-made' -Mtu 1500 -WhatIf -Verbose 4>&1
        }
        Get-CfTestObjectOutput -Records $records | Should -BeNullOrEmpty
        @(Get-CfTestVerboseMessage -Records $records | Where-Object { $_ -like 'POST *' }) | Should -BeNullOrEmpty
        Get-CfCni | Should -BeNullOrEmpty
    }

    It 'rejects a malformed -ExtraPrefix before any request, naming the parameter' {
        $err = { New-CfCni -Interconnect $icon.Name -ConduitName 'bad' -Mtu 1500 -CustomerAsn 65001 -ExtraPrefix '10.0.0/8' } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.NewCfCniCommand' -PassThru
        $err.Exception.Message | Should -BeLike "*'ExtraPrefix'*"
        $err.Exception.Message | Should -BeLike '*10.0.0/8*'
        { New-CfCni -Interconnect $icon.Name -ConduitName 'bad' -Mtu 1500 -CustomerAsn 65001 -ExtraPrefix '10.0.0.0/8', '300.1.0.0/16' } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.NewCfCniCommand'
        Get-CfCni | Should -BeNullOrEmpty
    }

    It 'rejects an out-of-range -Mtu or -CustomerAsn and a bad -Md5Key before any request' {
        { New-CfCni -Interconnect $icon.Name -ConduitName 'bad' -Mtu 100 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.NewCfCniCommand'
        { New-CfCni -Interconnect $icon.Name -ConduitName 'bad' -Mtu 1500 -CustomerAsn 4294967296 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.NewCfCniCommand'
        $err = { New-CfCni -Interconnect $icon.Name -ConduitName 'bad' -Mtu 1500 -CustomerAsn 65001 -Md5Key 'what?' } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.NewCfCniCommand' -PassThru
        $err.Exception.Message | Should -BeLike "*'Md5Key'*"
        Get-CfCni | Should -BeNullOrEmpty
    }

    It 'writes the non-terminating error CfValidation.BgpNeedsCustomerAsn for -ExtraPrefix without -CustomerAsn' {
        $created = New-CfCni -Interconnect $icon.Name -ConduitName 'half-bgp' -Mtu 1500 -ExtraPrefix '10.0.0.0/8' -ErrorAction SilentlyContinue -ErrorVariable createErrors
        $created | Should -BeNullOrEmpty
        $createErrors | Should -HaveCount 1
        $createErrors[0].FullyQualifiedErrorId | Should -Be 'CfValidation.BgpNeedsCustomerAsn,CloudflareCni.Cmdlets.NewCfCniCommand'
        $createErrors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
        Get-CfCni | Should -BeNullOrEmpty
    }

    It 'writes a non-terminating error for an unknown interconnect' {
        New-CfCni -Interconnect 'no-such-interconnect' -ConduitName 'orphan' -Mtu 1500 -ErrorAction SilentlyContinue -ErrorVariable createErrors
        $createErrors | Should -HaveCount 1
        $createErrors[0].FullyQualifiedErrorId | Should -BeLike 'CfApi.*,CloudflareCni.Cmdlets.NewCfCniCommand'
        $createErrors[0].TargetObject | Should -Be 'no-such-interconnect'
        Get-CfCni | Should -BeNullOrEmpty
    }
}

Describe 'Set-CfCni' {
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
        $cni = New-CfCni -Interconnect $icon.Name -ConduitName 'original' -Description 'original description' -Mtu 1500
    }

    It 'refuses an edited CNI received from Start-Job with guidance, and applies it with -Property' {
        $back = Start-Job { $using:cni } | Receive-Job -Wait -AutoRemoveJob
        $back.PSObject.TypeNames[0] | Should -Be 'Deserialized.CloudflareCni.Cni'
        $back.Description = 'reviewed'
        $back.Mtu = 1400

        $back | Set-CfCni -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused | Should -HaveCount 1
        $refused[0].FullyQualifiedErrorId | Should -Be 'CfValidation.DeserializedInput,CloudflareCni.Cmdlets.SetCfCniCommand'
        $refused[0].Exception.Message | Should -BeLike '*Set-CfCni -Property Description*'
        (Get-CfCni -Id $cni.Id).Description | Should -Be 'original description'

        $back | Set-CfCni -Property Description
        $after = Get-CfCni -Id $cni.Id
        $after.Description | Should -Be 'reviewed'
        $after.Mtu | Should -Be 1500 -Because 'only the named property changes'
    }

    It 'with -Id changes only the given field, and writes nothing without -PassThru' {
        $output = Set-CfCni -Id $cni.Id -Mtu 1400
        $output | Should -BeNullOrEmpty
        $after = Get-CfCni -Id $cni.Id
        $after.Mtu | Should -Be 1400
        $after.ConduitName | Should -Be 'original'
        $after.Description | Should -Be 'original description'
        $after.CustomerIp | Should -Be $cni.CustomerIp
        $after.CloudflareIp | Should -Be $cni.CloudflareIp
        $after.Interconnect | Should -Be $icon.Name
    }

    It 'with -PassThru writes the updated CNI' {
        $updated = @(Set-CfCni -Id $cni.Id -Description 'changed' -PassThru)
        $updated | Should -HaveCount 1
        $updated[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.Cni'
        $updated[0].Description | Should -Be 'changed'
        $updated[0].Mtu | Should -Be 1500
    }

    It 'accepts an empty -Description' {
        (Set-CfCni -Id $cni.Id -Description '' -PassThru).Description | Should -Be ''
        (Get-CfCni -Id $cni.Id).Description | Should -Be ''
    }

    It 'changes a piped CNI, keeping the fields it was not given' {
        $updated = $cni | Set-CfCni -ConduitName 'renamed' -PassThru
        $updated.Id | Should -Be $cni.Id
        $updated.ConduitName | Should -Be 'renamed'
        $updated.Description | Should -Be 'original description'
        $updated.Mtu | Should -Be 1500
        # The piped object itself is not changed.
        $cni.ConduitName | Should -Be 'original'
    }

    It 'adds a BGP session' {
        $updated = Set-CfCni -Id $cni.Id -CustomerAsn 64512 -ExtraPrefix '10.1.0.0/16' -PassThru
        $updated.CustomerAsn | Should -Be 64512
        (@($updated.ExtraPrefix) -join ',') | Should -Be '10.1.0.0/16'
        (Get-CfCni -Id $cni.Id).CustomerAsn | Should -Be 64512
    }

    It 'with -WhatIf changes nothing and sends no PUT' {
        $records = Invoke-CfTestWhatIf -ArgumentList $cni.Id -ScriptBlock { param($Id) Set-CfCni -Id $Id -Mtu 1400 -WhatIf -Verbose 4>&1 }
        @(Get-CfTestVerboseMessage -Records $records | Where-Object { $_ -like 'PUT *' }) | Should -BeNullOrEmpty
        (Get-CfCni -Id $cni.Id).Mtu | Should -Be 1500
    }

    It 'writes the non-terminating error CfValidation.NothingToChange for -Id without a change' {
        Set-CfCni -Id $cni.Id -ErrorAction SilentlyContinue -ErrorVariable setErrors
        $setErrors | Should -HaveCount 1
        $setErrors[0].FullyQualifiedErrorId | Should -Be 'CfValidation.NothingToChange,CloudflareCni.Cmdlets.SetCfCniCommand'
    }

    It 'refuses a customer IP outside the prefix of the Cloudflare IP, and changes nothing' {
        $records = Set-CfCni -Id $cni.Id -CustomerIp '10.9.9.9/31' -ErrorAction SilentlyContinue -ErrorVariable setErrors -Verbose 4>&1
        $setErrors | Should -HaveCount 1
        $setErrors[0].FullyQualifiedErrorId | Should -Be 'CfValidation.CustomerIpOutsidePrefix,CloudflareCni.Cmdlets.SetCfCniCommand'
        @(Get-CfTestVerboseMessage -Records $records | Where-Object { $_ -like 'PUT *' }) | Should -BeNullOrEmpty
        (Get-CfCni -Id $cni.Id).CustomerIp | Should -Be $cni.CustomerIp
    }

    It 'rejects a malformed -CloudflareIp or -Mtu before any request' {
        { Set-CfCni -Id $cni.Id -CloudflareIp '100.64.0.0' } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.SetCfCniCommand'
        { Set-CfCni -Id $cni.Id -Mtu 9001 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.SetCfCniCommand'
        (Get-CfCni -Id $cni.Id).Mtu | Should -Be 1500
    }

    It 'writes a non-terminating ObjectNotFound error for an unknown id' {
        $missing = [guid]::NewGuid().ToString()
        Set-CfCni -Id $missing -Mtu 1400 -ErrorAction SilentlyContinue -ErrorVariable setErrors
        $setErrors | Should -HaveCount 1
        $setErrors[0].FullyQualifiedErrorId | Should -Be 'CfApi.NotFound,CloudflareCni.Cmdlets.SetCfCniCommand'
        $setErrors[0].TargetObject | Should -Be $missing
    }
}

Describe 'Remove-CfCni' {
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
        $cni = New-CfCni -Interconnect $icon.Name -ConduitName 'to-remove' -Mtu 1500
    }

    It 'with -WhatIf deletes nothing and sends no DELETE' {
        $records = Invoke-CfTestWhatIf -ArgumentList $cni.Id -ScriptBlock { param($Id) Remove-CfCni -Id $Id -WhatIf -Verbose 4>&1 }
        @(Get-CfTestVerboseMessage -Records $records | Where-Object { $_ -like 'DELETE *' }) | Should -BeNullOrEmpty
        @(Get-CfCni -Id $cni.Id) | Should -HaveCount 1
    }

    It 'with -WhatIf -Force still deletes nothing' {
        $null = Invoke-CfTestWhatIf -ArgumentList $cni.Id -ScriptBlock { param($Id) Remove-CfCni -Id $Id -WhatIf -Force }
        @(Get-CfCni) | Should -HaveCount 1
    }

    It 'with -Confirm:$false deletes and writes nothing' {
        $output = Remove-CfCni -Id $cni.Id -Confirm:$false
        $output | Should -BeNullOrEmpty
        Get-CfCni | Should -BeNullOrEmpty
    }

    It 'with -Force deletes without asking, and the interconnect can then go' {
        Remove-CfCni -Id $cni.Id -Force
        Get-CfCni | Should -BeNullOrEmpty
        Remove-CfInterconnect -Name $icon.Name -Force -ErrorAction SilentlyContinue -ErrorVariable removeErrors
        $removeErrors | Should -BeNullOrEmpty
        Get-CfInterconnect | Should -BeNullOrEmpty
    }

    It 'asks before deleting: in a host that cannot prompt, nothing is deleted without -Force or -Confirm:$false' {
        $result = Invoke-CfTestInNewRunspace -ScriptBlock { param($Id) Remove-CfCni -Id $Id } -ArgumentList $cni.Id
        ($null -ne $result.Exception -or $result.Errors.Count -gt 0) | Should -BeTrue -Because 'the confirmation prompt cannot be shown there'
        @(Get-CfCni) | Should -HaveCount 1

        $confirmed = Invoke-CfTestInNewRunspace -ScriptBlock { param($Id) Remove-CfCni -Id $Id -Confirm:$false } -ArgumentList $cni.Id
        $confirmed.Exception | Should -BeNullOrEmpty
        $confirmed.Errors | Should -BeNullOrEmpty
        Get-CfCni | Should -BeNullOrEmpty
    }

    It 'writes a non-terminating error for an unknown id and deletes the other ids' {
        $missing = [guid]::NewGuid().ToString()
        $missing, $cni.Id | Remove-CfCni -Force -ErrorAction SilentlyContinue -ErrorVariable removeErrors
        $removeErrors | Should -HaveCount 1
        $removeErrors[0].FullyQualifiedErrorId | Should -Be 'CfApi.NotFound,CloudflareCni.Cmdlets.RemoveCfCniCommand'
        $removeErrors[0].TargetObject | Should -Be $missing
        Get-CfCni | Should -BeNullOrEmpty
    }

    It 'rejects a malformed id before any request' {
        { Remove-CfCni -Id 'not-a-uuid' -Force } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.RemoveCfCniCommand'
        @(Get-CfCni) | Should -HaveCount 1
    }
}
