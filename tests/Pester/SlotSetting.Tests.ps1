# Slots and account settings: Get-CfCniSlot, Get-CfCniSetting, Set-CfCniSetting.
# The sandbox has 12 slots, 3 per site (AMS01, FRA05, IAD02, SIN03), 5 of them 100G, 3 occupied by other customers;
# an account's default ASN starts at 65000.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
}

Describe 'Get-CfCniSlot' {
    BeforeAll {
        $savedEnv = Save-CfTestEnvironment
        Connect-CfTestSandbox
    }

    AfterAll {
        Disconnect-CfAccount
        Restore-CfTestEnvironment -Saved $savedEnv
    }

    It 'lists the 12 sandbox slots as typed objects' {
        $slots = @(Get-CfCniSlot)
        $slots | Should -HaveCount 12
        $slots[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.CniSlot'
        $slots[0].Site | Should -Be 'AMS01'
        $slots[0].FacilityName | Should -Be 'Equinix AM3'
        @($slots[0].FacilityAddress) | Should -HaveCount 3
        [guid]::Parse($slots[0].Id) | Should -Not -BeNullOrEmpty
        # ccr_device_name, a field of Cloudflare's schema, is a property of its own.
        @($slots[0].GetAdditionalFieldNames()) | Should -HaveCount 0
        $slots[0].CcrDeviceName | Should -Be 'ccr01-sandbox'
    }

    It 'has a FacilityName property to group on' {
        $slot = @(Get-CfCniSlot -First 1)[0]
        $slot.FacilityName | Should -Be 'Equinix AM3'
        $groups = @(Get-CfCniSlot | Group-Object -Property FacilityName)
        $groups | Should -HaveCount 4
        @($groups | Where-Object { $_.Count -ne 3 }) | Should -BeNullOrEmpty
    }

    It 'filters on the server: -Occupied, -Occupied:$false, -Site, -Speed, -AddressContains' {
        $occupied = @(Get-CfCniSlot -Occupied)
        $occupied | Should -HaveCount 3
        @($occupied | Where-Object { -not $_.Occupied }) | Should -BeNullOrEmpty

        $free = @(Get-CfCniSlot -Occupied:$false)
        $free | Should -HaveCount 9
        @($free | Where-Object { $_.Occupied }) | Should -BeNullOrEmpty

        $amsterdam = @(Get-CfCniSlot -Site 'AMS01')
        $amsterdam | Should -HaveCount 3
        @($amsterdam | Where-Object { $_.Site -ne 'AMS01' }) | Should -BeNullOrEmpty

        @(Get-CfCniSlot -Speed '100G') | Should -HaveCount 5
        @(Get-CfCniSlot -AddressContains 'Frankfurt') | Should -HaveCount 3
        @(Get-CfCniSlot -Site 'FRA05' -Occupied:$false) | Should -HaveCount 2
    }

    It 'compares filter values exactly and case-sensitively, the strictest reading of the API' {
        @(Get-CfCniSlot -Site 'fra05') | Should -HaveCount 0
        @(Get-CfCniSlot -Site 'FRA0') | Should -HaveCount 0
        @(Get-CfCniSlot -Speed '100g') | Should -HaveCount 0
        # -AddressContains is a substring of the facility name or an address line, in the case written there.
        @(Get-CfCniSlot -AddressContains 'frankfurt') | Should -HaveCount 0
        @(Get-CfCniSlot -AddressContains 'Interxion') | Should -HaveCount 3
    }

    It 'gets slots by -Id, by position and from the pipeline' {
        $slots = @(Get-CfCniSlot -First 2)
        (Get-CfCniSlot -Id $slots[0].Id).Id | Should -Be $slots[0].Id
        (Get-CfCniSlot $slots[1].Id).Id | Should -Be $slots[1].Id
        $piped = @($slots[0].Id, $slots[1].Id | Get-CfCniSlot)
        (@($piped | ForEach-Object { $_.Id }) -join ',') | Should -Be (@($slots[0].Id, $slots[1].Id) -join ',')
    }

    It 'shows the default table view: Id, Site, Speed, Occupied, Facility' {
        $text = Get-CfCniSlot -Site 'AMS01' | ConvertTo-CfTestText
        $text | Should -Match 'Id\s+Site\s+Speed\s+Occupied\s+Facility'
        $first = @(Get-CfCniSlot -First 1)[0]
        $text | Should -Match ('{0}\s+AMS01\s+10G\s+False\s+Equinix AM3' -f $first.Id)
    }

    It '-First, -Skip and -IncludeTotalCount page the listing' {
        $all = @(Get-CfCniSlot | ForEach-Object { $_.Id })
        (@(Get-CfCniSlot -First 3) | ForEach-Object { $_.Id }) -join ',' | Should -Be ($all[0..2] -join ',')
        (@(Get-CfCniSlot -Skip 10) | ForEach-Object { $_.Id }) -join ',' | Should -Be ($all[10..11] -join ',')
        (@(Get-CfCniSlot -Skip 4 -First 2) | ForEach-Object { $_.Id }) -join ',' | Should -Be ($all[4..5] -join ',')

        $counted = @(Get-CfCniSlot -Occupied -IncludeTotalCount)
        $counted | Should -HaveCount 4
        $counted[3] | Should -BeOfType ([uint64])
        [uint64]$counted[3] | Should -Be 3
        $counted[3].Accuracy | Should -Be 1
    }

    It '-SinglePage returns one page and its next cursor; -Cursor continues from it' {
        $page = Get-CfCniSlot -SinglePage -PageSize 5
        $page.PSObject.TypeNames | Should -Contain 'CloudflareCni.CfPage'
        $page.Count | Should -Be 5
        $page.NextCursor | Should -Be 5
        $page.HasMore | Should -BeTrue
        @($page.Items)[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.CniSlot'

        $last = Get-CfCniSlot -SinglePage -PageSize 5 -Cursor 10
        $last.Count | Should -Be 2
        $last.HasMore | Should -BeFalse
        $last.NextCursor | Should -BeNullOrEmpty

        $firstPage = Get-CfCniSlot -SinglePage -PageSize 5 -Cursor 0
        @($firstPage.Items)[0].Id | Should -Be (@($page.Items)[0].Id)
    }

    It 'writes the request to the verbose stream: method, path, status and time' {
        $records = Get-CfCniSlot -Site 'AMS01' -Verbose 4>&1
        Get-CfTestObjectOutput -Records $records | Should -HaveCount 3
        $lines = @(Get-CfTestVerboseMessage -Records $records)
        $lines | Should -HaveCount 1
        $lines[0] | Should -Match ('^GET /accounts/{0}/cni/slots\?limit=1000&site=AMS01 -> 200( OK)? \((\d+ ms|\d+\.\d s)\)$' -f $CfSandboxAccountId)
    }

    It 'sends the account given by -AccountId' {
        $records = Get-CfCniSlot -AccountId $CfOtherAccountId -First 1 -Verbose 4>&1
        $lines = @(Get-CfTestVerboseMessage -Records $records)
        $lines | Should -HaveCount 1
        $lines[0] | Should -BeLike "GET /accounts/$CfOtherAccountId/cni/slots*"
    }

    It 'writes a non-terminating ObjectNotFound error for an unknown id and still processes the others' {
        $missing = [guid]::NewGuid().ToString()
        $known = @(Get-CfCniSlot -First 1)[0].Id
        $found = @($missing, $known | Get-CfCniSlot -ErrorAction SilentlyContinue -ErrorVariable slotErrors)
        $found | Should -HaveCount 1
        $slotErrors | Should -HaveCount 1
        $slotErrors[0].FullyQualifiedErrorId | Should -Be 'CfApi.NotFound,CloudflareCni.Cmdlets.GetCfCniSlotCommand'
        $slotErrors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
        $slotErrors[0].TargetObject | Should -Be $missing
    }

    It 'rejects a malformed id and a -PageSize out of range before any request' {
        $err = { Get-CfCniSlot -Id 'slot-1' } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.GetCfCniSlotCommand' -PassThru
        $err.Exception.Message | Should -BeLike "*'Id'*"
        { Get-CfCniSlot -PageSize 1001 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.GetCfCniSlotCommand'
    }

    It 'binds a physical interconnect''s SlotId from the pipeline' {
        Connect-CfTestSandbox
        $icon = New-CfTestPhysicalInterconnect
        $slot = @($icon | Get-CfCniSlot)
        $slot | Should -HaveCount 1
        $slot[0].Id | Should -Be $icon.SlotId
        $slot[0].Occupied | Should -BeTrue
        $slot[0].OccupiedBy | Should -Be $CfSandboxAccountId
    }
}

Describe 'Get-CfCniSetting' {
    BeforeAll {
        $savedEnv = Save-CfTestEnvironment
        Connect-CfTestSandbox
    }

    AfterAll {
        Disconnect-CfAccount
        Restore-CfTestEnvironment -Saved $savedEnv
    }

    It 'reads the account settings as a typed object' {
        Connect-CfTestSandbox
        $settings = @(Get-CfCniSetting)
        $settings | Should -HaveCount 1
        $settings[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.CniSettings'
        $settings[0].DefaultAsn | Should -Be 65000
        $settings | ConvertTo-CfTestText | Should -Match 'DefaultAsn\s+-+\s+65000'
    }

    It 'reads what Set-CfCniSetting wrote, per account' {
        Connect-CfTestSandbox
        Set-CfCniSetting -DefaultAsn 4200000000
        (Get-CfCniSetting).DefaultAsn | Should -Be 4200000000
        (Get-CfCniSetting -AccountId $CfOtherAccountId).DefaultAsn | Should -Be 65000
    }

    It 'keeps the token out of the verbose, debug and error output of a failed request' {
        $proxyEnv = Save-CfTestEnvironment -IncludeProxy
        $token = 'cf-pester-secret-token-0123456789'
        try {
            $secure = ConvertTo-SecureString -String $token -AsPlainText -Force
            $null = Connect-CfAccount -ApiToken $secure -AccountId $CfOtherAccountId -BaseUri 'https://127.0.0.1:9/client/v4' -TimeoutSec 10 -MaximumRetryCount 0 -SkipCredentialCheck
            $DebugPreference = 'Continue'
            $records = Get-CfCniSetting -Verbose -ErrorAction SilentlyContinue -ErrorVariable settingErrors 4>&1 5>&1
            $DebugPreference = 'SilentlyContinue'

            $settingErrors | Should -HaveCount 1
            $settingErrors[0].FullyQualifiedErrorId | Should -BeLike 'CfApi.*,CloudflareCni.Cmdlets.GetCfCniSettingCommand'
            $lines = @(Get-CfTestVerboseMessage -Records $records)
            @($lines | Where-Object { $_ -like "GET /accounts/$CfOtherAccountId/cni/settings -> *" }) | Should -HaveCount 1

            $everything = (@($records | ForEach-Object { "$_" }) + @($settingErrors | Out-String) + @($settingErrors | ForEach-Object { "$($_.Exception)" })) -join "`n"
            $everything | Should -Not -BeLike "*$token*"
            $everything | Should -Not -BeLike '*secret-token*'
        }
        finally {
            $DebugPreference = 'SilentlyContinue'
            Disconnect-CfAccount
            Restore-CfTestEnvironment -Saved $proxyEnv
            Connect-CfTestSandbox
        }
    }
}

Describe 'Set-CfCniSetting' {
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

    It 'changes the default ASN and writes nothing without -PassThru' {
        $output = Set-CfCniSetting -DefaultAsn 64600
        $output | Should -BeNullOrEmpty
        (Get-CfCniSetting).DefaultAsn | Should -Be 64600
    }

    It 'with -PassThru writes the new settings; 4-byte ASNs are accepted, up to 4294967294' {
        $settings = @(Set-CfCniSetting -DefaultAsn 4294967294 -PassThru)
        $settings | Should -HaveCount 1
        $settings[0].PSObject.TypeNames | Should -Contain 'CloudflareCni.CniSettings'
        $settings[0].DefaultAsn | Should -Be 4294967294
    }

    It 'takes -DefaultAsn by position and by property name from the pipeline' {
        Set-CfCniSetting 64700
        (Get-CfCniSetting).DefaultAsn | Should -Be 64700
        ([pscustomobject]@{ DefaultAsn = 64800 } | Set-CfCniSetting -PassThru).DefaultAsn | Should -Be 64800
    }

    It 'with -WhatIf changes nothing and sends no PUT' {
        $records = Invoke-CfTestWhatIf -ScriptBlock { Set-CfCniSetting -DefaultAsn 1 -WhatIf -Verbose 4>&1 }
        @(Get-CfTestVerboseMessage -Records $records | Where-Object { $_ -like 'PUT *' }) | Should -BeNullOrEmpty
        (Get-CfCniSetting).DefaultAsn | Should -Be 65000
    }

    It 'rejects an ASN out of range or reserved before any request, by the rule of -CustomerAsn' {
        foreach ($asn in 4294967296, -1, 0, 23456, 65535, 65552, 4294967295) {
            { Set-CfCniSetting -DefaultAsn $asn } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.SetCfCniSettingCommand'
            { Set-CfCni -Id 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e -CustomerAsn $asn } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,CloudflareCni.Cmdlets.SetCfCniCommand'
        }
        (Get-CfCniSetting).DefaultAsn | Should -Be 65000
    }
}
