// The derive baselines' type definitions, written once and included three times by
// `mod.rs`: in `plain`, where each validated string type is a `String`; in `checked`, where it
// is a newtype whose `Deserialize` checks it; and in `kept`, with the same newtypes as
// `checked`. (An included file cannot have a module doc.)
//
// They mirror, member by member, the generated types that `listClusters` and
// `listServerlessPrivateEndpoints` answer with: the same JSON names, the same required and
// optional members, optional ones as `Option`s that accept a missing member or `null` and are
// left out when `None`. Where the generated types differ in kind:
// - the enums the generated types make open (`string_enum!(…, open {…})` here) are what the
//   including module's `open_enum!` makes of them: in `plain` and `checked` derive enums with a
//   `#[serde(other)] Unknown` that drops the value (1 byte instead of 24: cheaper than keeping
//   the string); in `kept` enums that keep it in `Unknown(String)`, as the generated ones do;
// - one-ofs told apart by `providerName` are internally tagged enums, the two best-match
//   one-ofs untagged enums; an unknown `providerName` is dropped in all three modules, where
//   the generated types keep the whole value;
// - the generated one-ofs also check each value against the properties listed beside their
//   alternatives (the `…Common` types); these baselines do not.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdvancedAutoScalingSettings {
    #[serde(rename = "compute", default, skip_serializing_if = "Option::is_none")]
    pub compute: Option<AdvancedComputeAutoScaling>,
    #[serde(rename = "diskGB", default, skip_serializing_if = "Option::is_none")]
    pub disk_gb: Option<DiskGbAutoScaling>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdvancedComputeAutoScaling {
    #[serde(rename = "enabled", default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(
        rename = "maxInstanceSize",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_instance_size: Option<BaseCloudProviderInstanceSize>,
    #[serde(
        rename = "minInstanceSize",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub min_instance_size: Option<BaseCloudProviderInstanceSize>,
    #[serde(
        rename = "predictiveEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub predictive_enabled: Option<bool>,
    #[serde(
        rename = "scaleDownEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub scale_down_enabled: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiAtlasClusterAdvancedConfigurationView {
    #[serde(
        rename = "customOpensslCipherConfigTls12",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_openssl_cipher_config_tls12:
        Option<Vec<ApiAtlasClusterAdvancedConfigurationViewCustomOpensslCipherConfigTls12Item>>,
    #[serde(
        rename = "minimumEnabledTlsProtocol",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub minimum_enabled_tls_protocol:
        Option<ApiAtlasClusterAdvancedConfigurationViewMinimumEnabledTlsProtocol>,
    #[serde(
        rename = "tlsCipherConfigMode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub tls_cipher_config_mode: Option<ApiAtlasClusterAdvancedConfigurationViewTlsCipherConfigMode>,
}

string_enum!(ApiAtlasClusterAdvancedConfigurationViewCustomOpensslCipherConfigTls12Item, open {
    TlsEcdheRsaWithAes256GcmSha384 = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    TlsEcdheRsaWithAes128GcmSha256 = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
});

string_enum!(ApiAtlasClusterAdvancedConfigurationViewMinimumEnabledTlsProtocol, open {
    Tls10 = "TLS1_0",
    Tls11 = "TLS1_1",
    Tls12 = "TLS1_2",
});

string_enum!(ApiAtlasClusterAdvancedConfigurationViewTlsCipherConfigMode, open {
    Custom = "CUSTOM",
    Default = "DEFAULT",
});

/// `#/components/schemas/AWSHardwareSpec20240805`. Every member is optional and every
/// instance size enum is open, so without `deny_unknown_fields` this alternative would accept
/// any hardware spec, a tenant one included, and an untagged enum keeps the first alternative
/// that accepts. Refusing unknown members makes serde pick what the generated type picks (the
/// alternative that knows the most members) for these payloads; the three other hardware
/// specs refuse them too, for the same reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwsHardwareSpec20240805 {
    #[serde(rename = "diskIOPS", default, skip_serializing_if = "Option::is_none")]
    pub disk_iops: Option<i32>,
    #[serde(
        rename = "diskSizeGB",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub disk_size_gb: Option<f64>,
    #[serde(
        rename = "ebsVolumeType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ebs_volume_type: Option<AwsHardwareSpec20240805EbsVolumeType>,
    #[serde(
        rename = "instanceSize",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub instance_size: Option<AwsHardwareSpec20240805InstanceSize>,
    #[serde(rename = "nodeCount", default, skip_serializing_if = "Option::is_none")]
    pub node_count: Option<i32>,
}

string_enum!(AwsHardwareSpec20240805EbsVolumeType, open {
    Standard = "STANDARD",
    Provisioned = "PROVISIONED",
});

string_enum!(AwsHardwareSpec20240805InstanceSize, open {
    M10 = "M10",
    M20 = "M20",
    M30 = "M30",
    M40 = "M40",
    M50 = "M50",
    M60 = "M60",
    M80 = "M80",
    M100 = "M100",
    M140 = "M140",
    M200 = "M200",
    M300 = "M300",
    R40 = "R40",
    R50 = "R50",
    R60 = "R60",
    R80 = "R80",
    R200 = "R200",
    R300 = "R300",
    R400 = "R400",
    R700 = "R700",
    M40Nvme = "M40_NVME",
    M50Nvme = "M50_NVME",
    M60Nvme = "M60_NVME",
    M80Nvme = "M80_NVME",
    M200Nvme = "M200_NVME",
    M400Nvme = "M400_NVME",
});

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AwsRegionConfig20240805 {
    #[serde(
        rename = "electableSpecs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub electable_specs: Option<HardwareSpec20240805>,
    #[serde(rename = "priority", default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i32>,
    #[serde(
        rename = "regionName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub region_name: Option<CloudRegionConfig20240805RegionName>,
    #[serde(
        rename = "analyticsAutoScaling",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub analytics_auto_scaling: Option<AdvancedAutoScalingSettings>,
    #[serde(
        rename = "analyticsSpecs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub analytics_specs: Option<DedicatedHardwareSpec20240805>,
    #[serde(
        rename = "autoScaling",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub auto_scaling: Option<AdvancedAutoScalingSettings>,
    #[serde(
        rename = "readOnlySpecs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub read_only_specs: Option<DedicatedHardwareSpec20240805>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AzureHardwareSpec20240805 {
    #[serde(rename = "diskIOPS", default, skip_serializing_if = "Option::is_none")]
    pub disk_iops: Option<i32>,
    #[serde(
        rename = "diskSizeGB",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub disk_size_gb: Option<f64>,
    #[serde(
        rename = "instanceSize",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub instance_size: Option<AzureHardwareSpec20240805InstanceSize>,
    #[serde(rename = "nodeCount", default, skip_serializing_if = "Option::is_none")]
    pub node_count: Option<i32>,
}

string_enum!(AzureHardwareSpec20240805InstanceSize, open {
    M10 = "M10",
    M20 = "M20",
    M30 = "M30",
    M40 = "M40",
    M50 = "M50",
    M60 = "M60",
    M80 = "M80",
    M90 = "M90",
    M200 = "M200",
    R40 = "R40",
    R50 = "R50",
    R60 = "R60",
    R80 = "R80",
    R200 = "R200",
    R300 = "R300",
    R400 = "R400",
    M60Nvme = "M60_NVME",
    M80Nvme = "M80_NVME",
    M200Nvme = "M200_NVME",
    M300Nvme = "M300_NVME",
    M400Nvme = "M400_NVME",
    M600Nvme = "M600_NVME",
});

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AzureRegionConfig20240805 {
    #[serde(
        rename = "electableSpecs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub electable_specs: Option<HardwareSpec20240805>,
    #[serde(rename = "priority", default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i32>,
    #[serde(
        rename = "regionName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub region_name: Option<CloudRegionConfig20240805RegionName>,
    #[serde(
        rename = "analyticsAutoScaling",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub analytics_auto_scaling: Option<AdvancedAutoScalingSettings>,
    #[serde(
        rename = "analyticsSpecs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub analytics_specs: Option<DedicatedHardwareSpec20240805>,
    #[serde(
        rename = "autoScaling",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub auto_scaling: Option<AdvancedAutoScalingSettings>,
    #[serde(
        rename = "readOnlySpecs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub read_only_specs: Option<DedicatedHardwareSpec20240805>,
}

string_enum!(BaseCloudProviderInstanceSize, open {
    M10 = "M10",
    M20 = "M20",
    M30 = "M30",
    M40 = "M40",
    M50 = "M50",
    M60 = "M60",
    M80 = "M80",
    M100 = "M100",
    M140 = "M140",
    M200 = "M200",
    M300 = "M300",
    R40 = "R40",
    R50 = "R50",
    R60 = "R60",
    R80 = "R80",
    R200 = "R200",
    R300 = "R300",
    R400 = "R400",
    R700 = "R700",
    M40Nvme = "M40_NVME",
    M50Nvme = "M50_NVME",
    M60Nvme = "M60_NVME",
    M80Nvme = "M80_NVME",
    M200Nvme = "M200_NVME",
    M400Nvme = "M400_NVME",
    M90 = "M90",
    M300Nvme = "M300_NVME",
    M600Nvme = "M600_NVME",
    M250 = "M250",
    M400 = "M400",
    R600 = "R600",
});

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BiConnector {
    #[serde(rename = "enabled", default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(
        rename = "readPreference",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub read_preference: Option<BiConnectorReadPreference>,
}

string_enum!(BiConnectorReadPreference, open {
    Primary = "PRIMARY",
    Secondary = "SECONDARY",
    Analytics = "ANALYTICS",
});

/// `#/components/schemas/CloudRegionConfig20240805`: told apart by `providerName`. The tag
/// is the variant, so the variant structs have no `providerName` field of their own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "providerName")]
#[allow(clippy::large_enum_variant)]
pub enum CloudRegionConfig20240805 {
    #[serde(rename = "AWS")]
    Aws(AwsRegionConfig20240805),
    #[serde(rename = "AZURE")]
    Azure(AzureRegionConfig20240805),
    #[serde(rename = "GCP")]
    Gcp(GcpRegionConfig20240805),
    #[serde(rename = "TENANT")]
    Tenant(TenantRegionConfig20240805),
    /// A provider the spec does not list (dropped, where the generated type keeps it).
    #[serde(other)]
    Unknown,
}

string_enum!(CloudRegionConfig20240805RegionName, open {
    UsGovWest1 = "US_GOV_WEST_1",
    UsGovEast1 = "US_GOV_EAST_1",
    UsEast1 = "US_EAST_1",
    UsEast2 = "US_EAST_2",
    UsWest1 = "US_WEST_1",
    UsWest2 = "US_WEST_2",
    CaCentral1 = "CA_CENTRAL_1",
    EuNorth1 = "EU_NORTH_1",
    EuWest1 = "EU_WEST_1",
    EuWest2 = "EU_WEST_2",
    EuWest3 = "EU_WEST_3",
    EuCentral1 = "EU_CENTRAL_1",
    EuCentral2 = "EU_CENTRAL_2",
    ApEast1 = "AP_EAST_1",
    ApNortheast1 = "AP_NORTHEAST_1",
    ApNortheast2 = "AP_NORTHEAST_2",
    ApNortheast3 = "AP_NORTHEAST_3",
    ApSoutheast1 = "AP_SOUTHEAST_1",
    ApSoutheast2 = "AP_SOUTHEAST_2",
    ApSoutheast3 = "AP_SOUTHEAST_3",
    ApSoutheast4 = "AP_SOUTHEAST_4",
    ApSouth1 = "AP_SOUTH_1",
    ApSouth2 = "AP_SOUTH_2",
    SaEast1 = "SA_EAST_1",
    CnNorth1 = "CN_NORTH_1",
    CnNorthwest1 = "CN_NORTHWEST_1",
    MeSouth1 = "ME_SOUTH_1",
    MeCentral1 = "ME_CENTRAL_1",
    AfSouth1 = "AF_SOUTH_1",
    EuSouth1 = "EU_SOUTH_1",
    EuSouth2 = "EU_SOUTH_2",
    IlCentral1 = "IL_CENTRAL_1",
    CaWest1 = "CA_WEST_1",
    ApSoutheast5 = "AP_SOUTHEAST_5",
    ApSoutheast7 = "AP_SOUTHEAST_7",
    MxCentral1 = "MX_CENTRAL_1",
    Global = "GLOBAL",
    UsCentral = "US_CENTRAL",
    UsEast = "US_EAST",
    UsNorthCentral = "US_NORTH_CENTRAL",
    UsWest = "US_WEST",
    UsSouthCentral = "US_SOUTH_CENTRAL",
    EuropeNorth = "EUROPE_NORTH",
    EuropeWest = "EUROPE_WEST",
    UsWestCentral = "US_WEST_CENTRAL",
    UsWest3 = "US_WEST_3",
    CanadaEast = "CANADA_EAST",
    CanadaCentral = "CANADA_CENTRAL",
    BrazilSouth = "BRAZIL_SOUTH",
    BrazilSoutheast = "BRAZIL_SOUTHEAST",
    AustraliaCentral = "AUSTRALIA_CENTRAL",
    AustraliaCentral2 = "AUSTRALIA_CENTRAL_2",
    AustraliaEast = "AUSTRALIA_EAST",
    AustraliaSouthEast = "AUSTRALIA_SOUTH_EAST",
    GermanyWestCentral = "GERMANY_WEST_CENTRAL",
    GermanyNorth = "GERMANY_NORTH",
    SwedenCentral = "SWEDEN_CENTRAL",
    SwedenSouth = "SWEDEN_SOUTH",
    SwitzerlandNorth = "SWITZERLAND_NORTH",
    SwitzerlandWest = "SWITZERLAND_WEST",
    UkSouth = "UK_SOUTH",
    UkWest = "UK_WEST",
    NorwayEast = "NORWAY_EAST",
    NorwayWest = "NORWAY_WEST",
    IndiaCentral = "INDIA_CENTRAL",
    IndiaSouth = "INDIA_SOUTH",
    IndiaWest = "INDIA_WEST",
    ChinaEast = "CHINA_EAST",
    ChinaNorth = "CHINA_NORTH",
    AsiaEast = "ASIA_EAST",
    JapanEast = "JAPAN_EAST",
    JapanWest = "JAPAN_WEST",
    AsiaSouthEast = "ASIA_SOUTH_EAST",
    KoreaCentral = "KOREA_CENTRAL",
    KoreaSouth = "KOREA_SOUTH",
    FranceCentral = "FRANCE_CENTRAL",
    FranceSouth = "FRANCE_SOUTH",
    SouthAfricaNorth = "SOUTH_AFRICA_NORTH",
    SouthAfricaWest = "SOUTH_AFRICA_WEST",
    UaeCentral = "UAE_CENTRAL",
    UaeNorth = "UAE_NORTH",
    QatarCentral = "QATAR_CENTRAL",
    PolandCentral = "POLAND_CENTRAL",
    IsraelCentral = "ISRAEL_CENTRAL",
    ItalyNorth = "ITALY_NORTH",
    SpainCentral = "SPAIN_CENTRAL",
    MexicoCentral = "MEXICO_CENTRAL",
    NewZealandNorth = "NEW_ZEALAND_NORTH",
    EasternUs = "EASTERN_US",
    EasternUsAw = "EASTERN_US_AW",
    UsEast4 = "US_EAST_4",
    UsEast4Aw = "US_EAST_4_AW",
    UsEast5 = "US_EAST_5",
    UsEast5Aw = "US_EAST_5_AW",
    UsWest2Aw = "US_WEST_2_AW",
    UsWest3Aw = "US_WEST_3_AW",
    UsWest4 = "US_WEST_4",
    UsWest4Aw = "US_WEST_4_AW",
    UsSouth1 = "US_SOUTH_1",
    UsSouth1Aw = "US_SOUTH_1_AW",
    CentralUs = "CENTRAL_US",
    CentralUsAw = "CENTRAL_US_AW",
    WesternUs = "WESTERN_US",
    WesternUsAw = "WESTERN_US_AW",
    NorthAmericaNortheast1 = "NORTH_AMERICA_NORTHEAST_1",
    NorthAmericaNortheast2 = "NORTH_AMERICA_NORTHEAST_2",
    NorthAmericaSouth1 = "NORTH_AMERICA_SOUTH_1",
    SouthAmericaEast1 = "SOUTH_AMERICA_EAST_1",
    SouthAmericaWest1 = "SOUTH_AMERICA_WEST_1",
    WesternEurope = "WESTERN_EUROPE",
    EuropeNorth1 = "EUROPE_NORTH_1",
    EuropeWest2 = "EUROPE_WEST_2",
    EuropeWest3 = "EUROPE_WEST_3",
    EuropeWest4 = "EUROPE_WEST_4",
    EuropeWest6 = "EUROPE_WEST_6",
    EuropeWest8 = "EUROPE_WEST_8",
    EuropeWest9 = "EUROPE_WEST_9",
    EuropeWest10 = "EUROPE_WEST_10",
    EuropeWest12 = "EUROPE_WEST_12",
    EuropeSouthwest1 = "EUROPE_SOUTHWEST_1",
    EuropeCentral2 = "EUROPE_CENTRAL_2",
    MiddleEastCentral1 = "MIDDLE_EAST_CENTRAL_1",
    MiddleEastCentral2 = "MIDDLE_EAST_CENTRAL_2",
    MiddleEastWest1 = "MIDDLE_EAST_WEST_1",
    AustraliaSoutheast1 = "AUSTRALIA_SOUTHEAST_1",
    AustraliaSoutheast2 = "AUSTRALIA_SOUTHEAST_2",
    AfricaSouth1 = "AFRICA_SOUTH_1",
    EasternAsiaPacific = "EASTERN_ASIA_PACIFIC",
    NortheasternAsiaPacific = "NORTHEASTERN_ASIA_PACIFIC",
    SoutheasternAsiaPacific = "SOUTHEASTERN_ASIA_PACIFIC",
    AsiaEast2 = "ASIA_EAST_2",
    AsiaNortheast2 = "ASIA_NORTHEAST_2",
    AsiaNortheast3 = "ASIA_NORTHEAST_3",
    AsiaSouth1 = "ASIA_SOUTH_1",
    AsiaSouth2 = "ASIA_SOUTH_2",
    AsiaSoutheast2 = "ASIA_SOUTHEAST_2",
});

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterConnectionStrings {
    #[serde(
        rename = "awsPrivateLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub aws_private_link: Option<BTreeMap<String, String>>,
    #[serde(
        rename = "awsPrivateLinkSrv",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub aws_private_link_srv: Option<BTreeMap<String, String>>,
    #[serde(rename = "private", default, skip_serializing_if = "Option::is_none")]
    pub private: Option<String>,
    #[serde(
        rename = "privateEndpoint",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub private_endpoint: Option<Vec<ClusterDescriptionConnectionStringsPrivateEndpoint>>,
    #[serde(
        rename = "privateSrv",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub private_srv: Option<String>,
    #[serde(rename = "standard", default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<String>,
    #[serde(
        rename = "standardSrv",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub standard_srv: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterDescription20240805 {
    #[serde(
        rename = "acceptDataRisksAndForceReplicaSetReconfig",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub accept_data_risks_and_force_replica_set_reconfig: Option<String>,
    #[serde(
        rename = "advancedConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub advanced_configuration: Option<ApiAtlasClusterAdvancedConfigurationView>,
    #[serde(
        rename = "backupEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub backup_enabled: Option<bool>,
    #[serde(
        rename = "biConnector",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub bi_connector: Option<BiConnector>,
    #[serde(
        rename = "clusterType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cluster_type: Option<ClusterDescription20240805ClusterType>,
    #[serde(
        rename = "configServerManagementMode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub config_server_management_mode: Option<ClusterDescription20240805ConfigServerManagementMode>,
    #[serde(
        rename = "configServerType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub config_server_type: Option<ClusterDescription20240805ConfigServerType>,
    #[serde(
        rename = "connectionStrings",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub connection_strings: Option<ClusterConnectionStrings>,
    #[serde(
        rename = "createDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub create_date: Option<String>,
    #[serde(
        rename = "diskWarmingMode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub disk_warming_mode: Option<ClusterDescription20240805DiskWarmingMode>,
    #[serde(
        rename = "encryptionAtRestProvider",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub encryption_at_rest_provider: Option<ClusterDescription20240805EncryptionAtRestProvider>,
    #[serde(
        rename = "featureCompatibilityVersion",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub feature_compatibility_version: Option<String>,
    #[serde(
        rename = "featureCompatibilityVersionExpirationDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub feature_compatibility_version_expiration_date: Option<String>,
    #[serde(
        rename = "globalClusterSelfManagedSharding",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub global_cluster_self_managed_sharding: Option<bool>,
    #[serde(rename = "groupId", default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<GroupId>,
    #[serde(rename = "id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<ClusterDescription20240805Id>,
    #[serde(rename = "labels", default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<ComponentLabel>>,
    #[serde(rename = "links", default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<Link>>,
    #[serde(
        rename = "mongoDBEmployeeAccessGrant",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mongo_db_employee_access_grant: Option<EmployeeAccessGrantView>,
    #[serde(
        rename = "mongoDBMajorVersion",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mongo_db_major_version: Option<String>,
    #[serde(
        rename = "mongoDBVersion",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mongo_db_version: Option<ClusterDescription20240805MongoDbVersion>,
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<ClusterDescription20240805Name>,
    #[serde(rename = "paused", default, skip_serializing_if = "Option::is_none")]
    pub paused: Option<bool>,
    #[serde(
        rename = "pitEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub pit_enabled: Option<bool>,
    #[serde(
        rename = "redactClientLogData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub redact_client_log_data: Option<bool>,
    #[serde(
        rename = "replicaSetScalingStrategy",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub replica_set_scaling_strategy: Option<ClusterDescription20240805ReplicaSetScalingStrategy>,
    #[serde(
        rename = "replicationSpecs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub replication_specs: Option<Vec<ReplicationSpec20240805>>,
    #[serde(
        rename = "rootCertType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub root_cert_type: Option<ClusterDescription20240805RootCertType>,
    #[serde(rename = "stateName", default, skip_serializing_if = "Option::is_none")]
    pub state_name: Option<ClusterDescription20240805StateName>,
    #[serde(rename = "tags", default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<ResourceTag>>,
    #[serde(
        rename = "terminationProtectionEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub termination_protection_enabled: Option<bool>,
    #[serde(
        rename = "versionReleaseSystem",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub version_release_system: Option<ClusterDescription20240805VersionReleaseSystem>,
}

string_enum!(ClusterDescription20240805ClusterType, open {
    Replicaset = "REPLICASET",
    Sharded = "SHARDED",
    Geosharded = "GEOSHARDED",
});

string_enum!(ClusterDescription20240805ConfigServerManagementMode, open {
    AtlasManaged = "ATLAS_MANAGED",
    FixedToDedicated = "FIXED_TO_DEDICATED",
});

string_enum!(ClusterDescription20240805ConfigServerType, open {
    Dedicated = "DEDICATED",
    Embedded = "EMBEDDED",
});

string_enum!(ClusterDescription20240805DiskWarmingMode, open {
    FullyWarmed = "FULLY_WARMED",
    VisibleEarlier = "VISIBLE_EARLIER",
});

string_enum!(ClusterDescription20240805EncryptionAtRestProvider, open {
    None = "NONE",
    Aws = "AWS",
    Azure = "AZURE",
    Gcp = "GCP",
});

string_enum!(ClusterDescription20240805ReplicaSetScalingStrategy, open {
    Sequential = "SEQUENTIAL",
    WorkloadType = "WORKLOAD_TYPE",
    NodeType = "NODE_TYPE",
});

string_enum!(ClusterDescription20240805RootCertType, closed {
    Isrgrootx1 = "ISRGROOTX1",
});

string_enum!(ClusterDescription20240805StateName, open {
    Idle = "IDLE",
    Creating = "CREATING",
    Updating = "UPDATING",
    Deleting = "DELETING",
    Repairing = "REPAIRING",
});

string_enum!(ClusterDescription20240805VersionReleaseSystem, open {
    Lts = "LTS",
    Continuous = "CONTINUOUS",
});

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterDescriptionConnectionStringsPrivateEndpoint {
    #[serde(
        rename = "connectionString",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub connection_string: Option<String>,
    #[serde(rename = "endpoints", default, skip_serializing_if = "Option::is_none")]
    pub endpoints: Option<Vec<ClusterDescriptionConnectionStringsPrivateEndpointEndpoint>>,
    #[serde(
        rename = "srvConnectionString",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub srv_connection_string: Option<String>,
    #[serde(
        rename = "srvShardOptimizedConnectionString",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub srv_shard_optimized_connection_string: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<ClusterDescriptionConnectionStringsPrivateEndpointType>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterDescriptionConnectionStringsPrivateEndpointEndpoint {
    #[serde(
        rename = "endpointId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub endpoint_id: Option<String>,
    #[serde(
        rename = "providerName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub provider_name:
        Option<ClusterDescriptionConnectionStringsPrivateEndpointEndpointProviderName>,
    #[serde(rename = "region", default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

string_enum!(ClusterDescriptionConnectionStringsPrivateEndpointEndpointProviderName, open {
    Aws = "AWS",
    Azure = "AZURE",
    Gcp = "GCP",
});

string_enum!(ClusterDescriptionConnectionStringsPrivateEndpointType, open {
    Mongod = "MONGOD",
    Mongos = "MONGOS",
});

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComponentLabel {
    #[serde(rename = "key", default, skip_serializing_if = "Option::is_none")]
    pub key: Option<Key>,
    #[serde(rename = "value", default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

/// `#/components/schemas/DedicatedHardwareSpec20240805`: no tag, so serde tries the
/// alternatives in order and keeps the first that accepts (see `AwsHardwareSpec20240805`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[allow(clippy::enum_variant_names)]
pub enum DedicatedHardwareSpec20240805 {
    AwsHardwareSpec20240805(AwsHardwareSpec20240805),
    AzureHardwareSpec20240805(AzureHardwareSpec20240805),
    GcpHardwareSpec20240805(GcpHardwareSpec20240805),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiskGbAutoScaling {
    #[serde(rename = "enabled", default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmployeeAccessGrantView {
    #[serde(rename = "expirationTime")]
    pub expiration_time: String,
    #[serde(rename = "grantType")]
    pub grant_type: EmployeeAccessGrantViewGrantType,
    #[serde(rename = "links", default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<Link>>,
}

string_enum!(EmployeeAccessGrantViewGrantType, open {
    ClusterDatabaseLogs = "CLUSTER_DATABASE_LOGS",
    ClusterInfrastructure = "CLUSTER_INFRASTRUCTURE",
    ClusterInfrastructureAndAppServicesSyncData = "CLUSTER_INFRASTRUCTURE_AND_APP_SERVICES_SYNC_DATA",
});

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GcpHardwareSpec20240805 {
    #[serde(
        rename = "diskSizeGB",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub disk_size_gb: Option<f64>,
    #[serde(
        rename = "instanceSize",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub instance_size: Option<GcpHardwareSpec20240805InstanceSize>,
    #[serde(rename = "nodeCount", default, skip_serializing_if = "Option::is_none")]
    pub node_count: Option<i32>,
}

string_enum!(GcpHardwareSpec20240805InstanceSize, open {
    M10 = "M10",
    M20 = "M20",
    M30 = "M30",
    M40 = "M40",
    M50 = "M50",
    M60 = "M60",
    M80 = "M80",
    M140 = "M140",
    M200 = "M200",
    M250 = "M250",
    M300 = "M300",
    M400 = "M400",
    R40 = "R40",
    R50 = "R50",
    R60 = "R60",
    R80 = "R80",
    R200 = "R200",
    R300 = "R300",
    R400 = "R400",
    R600 = "R600",
});

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GcpRegionConfig20240805 {
    #[serde(
        rename = "electableSpecs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub electable_specs: Option<HardwareSpec20240805>,
    #[serde(rename = "priority", default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i32>,
    #[serde(
        rename = "regionName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub region_name: Option<CloudRegionConfig20240805RegionName>,
    #[serde(
        rename = "analyticsAutoScaling",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub analytics_auto_scaling: Option<AdvancedAutoScalingSettings>,
    #[serde(
        rename = "analyticsSpecs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub analytics_specs: Option<DedicatedHardwareSpec20240805>,
    #[serde(
        rename = "autoScaling",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub auto_scaling: Option<AdvancedAutoScalingSettings>,
    #[serde(
        rename = "readOnlySpecs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub read_only_specs: Option<DedicatedHardwareSpec20240805>,
}

/// `#/components/schemas/HardwareSpec20240805`: no tag, so serde tries the alternatives in
/// order and keeps the first that accepts (see `AwsHardwareSpec20240805`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[allow(clippy::enum_variant_names)]
pub enum HardwareSpec20240805 {
    AwsHardwareSpec20240805(AwsHardwareSpec20240805),
    AzureHardwareSpec20240805(AzureHardwareSpec20240805),
    GcpHardwareSpec20240805(GcpHardwareSpec20240805),
    TenantHardwareSpec20240805(TenantHardwareSpec20240805),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    #[serde(rename = "href", default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(rename = "rel", default, skip_serializing_if = "Option::is_none")]
    pub rel: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaginatedClusterDescription20240805 {
    #[serde(rename = "links", default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<Link>>,
    #[serde(rename = "results", default, skip_serializing_if = "Option::is_none")]
    pub results: Option<Vec<ClusterDescription20240805>>,
    #[serde(
        rename = "totalCount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub total_count: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplicationSpec20240805 {
    #[serde(rename = "id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<ReplicationSpec20240805Id>,
    #[serde(
        rename = "regionConfigs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub region_configs: Option<Vec<CloudRegionConfig20240805>>,
    #[serde(rename = "zoneId", default, skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<ReplicationSpec20240805ZoneId>,
    #[serde(rename = "zoneName", default, skip_serializing_if = "Option::is_none")]
    pub zone_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceTag {
    #[serde(rename = "key")]
    pub key: Key,
    #[serde(rename = "value")]
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerlessAwsTenantEndpoint {
    #[serde(rename = "_id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<ServerlessTenantEndpointId>,
    #[serde(
        rename = "cloudProviderEndpointId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cloud_provider_endpoint_id: Option<ServerlessAwsTenantEndpointCloudProviderEndpointId>,
    #[serde(rename = "comment", default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<ServerlessTenantEndpointComment>,
    #[serde(
        rename = "endpointServiceName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub endpoint_service_name: Option<ServerlessAwsTenantEndpointEndpointServiceName>,
    #[serde(
        rename = "errorMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub error_message: Option<String>,
    #[serde(rename = "status", default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ServerlessTenantEndpointStatus>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerlessAzureTenantEndpoint {
    #[serde(rename = "_id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<ServerlessTenantEndpointId>,
    #[serde(
        rename = "cloudProviderEndpointId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cloud_provider_endpoint_id: Option<ServerlessAzureTenantEndpointCloudProviderEndpointId>,
    #[serde(rename = "comment", default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<ServerlessTenantEndpointComment>,
    #[serde(
        rename = "endpointServiceName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub endpoint_service_name: Option<ServerlessAzureTenantEndpointEndpointServiceName>,
    #[serde(
        rename = "errorMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub error_message: Option<String>,
    #[serde(
        rename = "privateEndpointIpAddress",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub private_endpoint_ip_address: Option<ServerlessAzureTenantEndpointPrivateEndpointIpAddress>,
    #[serde(
        rename = "privateLinkServiceResourceId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub private_link_service_resource_id: Option<String>,
    #[serde(rename = "status", default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ServerlessTenantEndpointStatus>,
}

/// `#/components/schemas/ServerlessTenantEndpoint`: told apart by `providerName`. The tag
/// is the variant, so the variant structs have no `providerName` field of their own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "providerName")]
pub enum ServerlessTenantEndpoint {
    #[serde(rename = "AWS")]
    Aws(ServerlessAwsTenantEndpoint),
    #[serde(rename = "AZURE")]
    Azure(ServerlessAzureTenantEndpoint),
    /// A provider the spec does not list (dropped, where the generated type keeps it).
    #[serde(other)]
    Unknown,
}

string_enum!(ServerlessTenantEndpointStatus, open {
    ReservationRequested = "RESERVATION_REQUESTED",
    Reserved = "RESERVED",
    Initiating = "INITIATING",
    Available = "AVAILABLE",
    Failed = "FAILED",
    Deleting = "DELETING",
});

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TenantHardwareSpec20240805 {
    #[serde(
        rename = "diskSizeGB",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub disk_size_gb: Option<f64>,
    #[serde(
        rename = "effectiveInstanceSize",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub effective_instance_size: Option<TenantHardwareSpec20240805EffectiveInstanceSize>,
    #[serde(
        rename = "instanceSize",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub instance_size: Option<TenantHardwareSpec20240805InstanceSize>,
}

string_enum!(TenantHardwareSpec20240805EffectiveInstanceSize, open {
    Flex = "FLEX",
    M2 = "M2",
    M5 = "M5",
    M0 = "M0",
});

string_enum!(TenantHardwareSpec20240805InstanceSize, open {
    M0 = "M0",
    M2 = "M2",
    M5 = "M5",
});

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantRegionConfig20240805 {
    #[serde(
        rename = "electableSpecs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub electable_specs: Option<HardwareSpec20240805>,
    #[serde(rename = "priority", default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i32>,
    #[serde(
        rename = "regionName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub region_name: Option<CloudRegionConfig20240805RegionName>,
    #[serde(
        rename = "backingProviderName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub backing_provider_name: Option<TenantRegionConfig20240805BackingProviderName>,
}

string_enum!(TenantRegionConfig20240805BackingProviderName, open {
    Aws = "AWS",
    Gcp = "GCP",
    Azure = "AZURE",
});
