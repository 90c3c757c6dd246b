//! Realistic Atlas list answers, made up deterministically: the same bytes on every run and
//! every machine, so that figures from two runs (or two commits) decode the same input.
//!
//! - [`clusters_page`]: a page of `listClusters` (`PaginatedClusterDescription20240805`),
//!   about 3.8 kB of JSON per cluster: replica sets, sharded and global clusters on AWS, Azure
//!   and GCP (some across providers), shared-tier (tenant) clusters, with auto-scaling,
//!   connection strings, private endpoints, labels, tags and links.
//! - [`serverless_endpoints`]: the answer of `listServerlessPrivateEndpoints` (a JSON array of
//!   `ServerlessTenantEndpoint`), half AWS and half Azure, about 450 bytes each.
//!
//! Every string with a pattern matches it, every enum value is one the spec lists, and every
//! instance size of a hardware spec is also an AWS instance size: the hardware specs are a
//! one-of without a tag, which both the generated types and serde's untagged enums resolve
//! to the AWS alternative whenever it accepts, and the derive baselines drop instance sizes
//! their enum does not list. No member is `null`, and sizes in gigabytes are written as
//! floats (`40.0`), as the types write them back: encoding a decoded answer gives the same
//! JSON value as the input.

use serde_json::{Map, Value, json};

/// SplitMix64: a few lines, good enough to make varied data, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// One of `items`, each as likely as its weight.
    fn weighted<T: Copy>(&mut self, items: &[(T, u64)]) -> T {
        let total: u64 = items.iter().map(|(_, w)| w).sum();
        let mut n = self.next() % total;
        for (item, weight) in items {
            if n < *weight {
                return *item;
            }
            n -= weight;
        }
        items[items.len() - 1].0
    }

    /// `len` lower-case hexadecimal digits.
    fn hex(&mut self, len: usize) -> String {
        const DIGITS: &[u8] = b"0123456789abcdef";
        (0..len).map(|_| DIGITS[self.below(16)] as char).collect()
    }

    /// `len` lower-case letters and digits (host name labels).
    fn alnum(&mut self, len: usize) -> String {
        const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        (0..len)
            .map(|_| CHARS[self.below(CHARS.len())] as char)
            .collect()
    }

    /// A MongoDB object id made at `secs`: 24 hexadecimal digits, the first eight the time.
    fn object_id(&mut self, secs: u64) -> String {
        format!("{:08x}{}", secs as u32, self.hex(16))
    }

    /// A lower-case UUID (Azure subscription ids).
    fn uuid(&mut self) -> String {
        format!(
            "{}-{}-{}-{}-{}",
            self.hex(8),
            self.hex(4),
            self.hex(4),
            self.hex(4),
            self.hex(12)
        )
    }
}

/// 2019-01-01T00:00:00Z and 2025-06-30T00:00:00Z: the span of creation dates.
const EPOCH_2019: u64 = 1_546_300_800;
const EPOCH_2025_06: u64 = 1_751_241_600;

/// Seconds since 1970 as ISO 8601 in UTC (`2024-03-14T09:26:53Z`).
fn iso8601(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3_600,
        rem / 60 % 60,
        rem % 60
    )
}

const API: &str = "https://cloud.mongodb.com/api/atlas/v2";

#[derive(Clone, Copy, PartialEq)]
enum Provider {
    Aws,
    Azure,
    Gcp,
}

impl Provider {
    fn name(self) -> &'static str {
        match self {
            Provider::Aws => "AWS",
            Provider::Azure => "AZURE",
            Provider::Gcp => "GCP",
        }
    }

    fn regions(self) -> &'static [&'static str] {
        match self {
            Provider::Aws => &[
                "US_EAST_1",
                "US_EAST_2",
                "US_WEST_2",
                "CA_CENTRAL_1",
                "EU_WEST_1",
                "EU_WEST_2",
                "EU_CENTRAL_1",
                "AP_SOUTHEAST_1",
                "AP_SOUTHEAST_2",
                "AP_NORTHEAST_1",
                "AP_SOUTH_1",
                "SA_EAST_1",
            ],
            Provider::Azure => &[
                "US_EAST_2",
                "US_EAST",
                "US_WEST",
                "US_CENTRAL",
                "EUROPE_NORTH",
                "EUROPE_WEST",
                "UK_SOUTH",
                "GERMANY_WEST_CENTRAL",
                "AUSTRALIA_EAST",
                "JAPAN_EAST",
                "CANADA_CENTRAL",
            ],
            Provider::Gcp => &[
                "CENTRAL_US",
                "EASTERN_US",
                "US_EAST_4",
                "WESTERN_US",
                "WESTERN_EUROPE",
                "EUROPE_WEST_2",
                "EUROPE_WEST_3",
                "NORTHEASTERN_ASIA_PACIFIC",
                "ASIA_SOUTH_1",
                "SOUTH_AMERICA_EAST_1",
            ],
        }
    }

    /// Instance sizes this provider has that AWS has too (see the module doc), the small
    /// ones most often.
    fn sizes(self) -> &'static [(&'static str, u64)] {
        match self {
            Provider::Aws => &[
                ("M10", 20),
                ("M20", 15),
                ("M30", 20),
                ("M40", 12),
                ("M50", 8),
                ("M60", 6),
                ("M80", 3),
                ("M140", 1),
                ("M200", 1),
                ("R40", 3),
                ("R50", 2),
                ("R80", 1),
                ("M40_NVME", 1),
                ("M60_NVME", 1),
            ],
            Provider::Azure => &[
                ("M10", 20),
                ("M20", 15),
                ("M30", 20),
                ("M40", 12),
                ("M50", 8),
                ("M60", 6),
                ("M80", 3),
                ("M200", 1),
                ("R40", 3),
                ("R50", 2),
                ("M60_NVME", 1),
            ],
            Provider::Gcp => &[
                ("M10", 20),
                ("M20", 15),
                ("M30", 20),
                ("M40", 12),
                ("M50", 8),
                ("M60", 6),
                ("M80", 3),
                ("M140", 1),
                ("M200", 1),
                ("M300", 1),
                ("R40", 3),
                ("R50", 2),
            ],
        }
    }
}

/// The region's name as AWS and Azure spell it in host names (`US_EAST_1` → `us-east-1`).
fn region_slug(region: &str) -> String {
    region.to_ascii_lowercase().replace('_', "-")
}

/// A hardware spec of `provider` with `nodes` nodes of `size`.
fn hardware_spec(rng: &mut Rng, provider: Provider, size: &str, disk: f64, nodes: u64) -> Value {
    match provider {
        Provider::Aws => {
            let nvme = size.ends_with("_NVME");
            let provisioned = nvme || rng.chance(15);
            json!({
                "diskIOPS": if provisioned { *rng.pick(&[3600, 4000, 6000, 12000]) } else { 3000 },
                "diskSizeGB": disk,
                "ebsVolumeType": if provisioned { "PROVISIONED" } else { "STANDARD" },
                "instanceSize": size,
                "nodeCount": nodes,
            })
        }
        Provider::Azure => json!({
            "diskIOPS": *rng.pick(&[500, 1100, 2300, 5000]),
            "diskSizeGB": disk,
            "instanceSize": size,
            "nodeCount": nodes,
        }),
        Provider::Gcp => json!({
            "diskSizeGB": disk,
            "instanceSize": size,
            "nodeCount": nodes,
        }),
    }
}

/// Auto-scaling settings: compute scaling between two sizes, or off; disk scaling mostly on.
fn auto_scaling(rng: &mut Rng, size: &str) -> Value {
    const LADDER: &[&str] = &["M10", "M20", "M30", "M40", "M50", "M60", "M80", "M200"];
    let at = LADDER.iter().position(|s| *s == size);
    let compute = match at {
        Some(at) if rng.chance(60) => json!({
            "enabled": true,
            "maxInstanceSize": LADDER[(at + 2).min(LADDER.len() - 1)],
            "minInstanceSize": LADDER[at.saturating_sub(1)],
            "predictiveEnabled": rng.chance(20),
            "scaleDownEnabled": rng.chance(80),
        }),
        _ => json!({
            "enabled": false,
            "predictiveEnabled": false,
            "scaleDownEnabled": false,
        }),
    };
    json!({ "compute": compute, "diskGB": { "enabled": rng.chance(85) } })
}

/// A dedicated cluster's region config: electable, read-only and analytics nodes.
fn dedicated_region(
    rng: &mut Rng,
    provider: Provider,
    region: &str,
    size: &str,
    disk: f64,
    priority: u64,
    electable: u64,
) -> Value {
    let read_only = if rng.chance(15) { rng.between(1, 2) } else { 0 };
    let analytics = u64::from(rng.chance(20));
    let analytics_size = if analytics > 0 {
        rng.weighted(provider.sizes())
    } else {
        size
    };
    json!({
        "analyticsAutoScaling": auto_scaling(rng, analytics_size),
        "analyticsSpecs": hardware_spec(rng, provider, analytics_size, disk, analytics),
        "autoScaling": auto_scaling(rng, size),
        "electableSpecs": hardware_spec(rng, provider, size, disk, electable),
        "priority": priority,
        "providerName": provider.name(),
        "readOnlySpecs": hardware_spec(rng, provider, size, disk, read_only),
        "regionName": region,
    })
}

/// A shared-tier cluster's one region config.
fn tenant_region(rng: &mut Rng) -> Value {
    let backing = *rng.pick(&[Provider::Aws, Provider::Aws, Provider::Gcp, Provider::Azure]);
    let (size, effective, disk) = *rng.pick(&[
        ("M0", "M0", 0.5),
        ("M0", "M0", 0.5),
        ("M2", "FLEX", 2.0),
        ("M5", "FLEX", 5.0),
    ]);
    json!({
        "backingProviderName": backing.name(),
        "electableSpecs": {
            "diskSizeGB": disk,
            "effectiveInstanceSize": effective,
            "instanceSize": size,
        },
        "priority": 7,
        "providerName": "TENANT",
        "regionName": rng.pick(backing.regions()),
    })
}

/// `n` distinct regions of `provider`.
fn regions(rng: &mut Rng, provider: Provider, n: usize) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::with_capacity(n);
    while out.len() < n {
        let region = *rng.pick(provider.regions());
        if !out.contains(&region) {
            out.push(region);
        }
    }
    out
}

/// One shard's (or zone's) replication spec of a dedicated cluster.
fn replication_spec(
    rng: &mut Rng,
    created: u64,
    provider: Provider,
    size: &str,
    disk: f64,
    zone: usize,
    zone_id: &str,
) -> Value {
    // One region, three (2+2+1 electable nodes), or a second provider beside the first.
    let layout = rng.weighted(&[(1, 66), (3, 24), (0, 10)]);
    let mut configs = Vec::new();
    match layout {
        1 => {
            let region = regions(rng, provider, 1)[0];
            configs.push(dedicated_region(rng, provider, region, size, disk, 7, 3));
        }
        3 => {
            for (i, region) in regions(rng, provider, 3).into_iter().enumerate() {
                let electable = if i < 2 { 2 } else { 1 };
                configs.push(dedicated_region(
                    rng,
                    provider,
                    region,
                    size,
                    disk,
                    7 - i as u64,
                    electable,
                ));
            }
        }
        _ => {
            let other = match provider {
                Provider::Aws => Provider::Gcp,
                Provider::Azure | Provider::Gcp => Provider::Aws,
            };
            let first = regions(rng, provider, 1)[0];
            let second = regions(rng, other, 1)[0];
            configs.push(dedicated_region(rng, provider, first, size, disk, 7, 2));
            configs.push(dedicated_region(rng, other, second, size, disk, 6, 1));
        }
    }
    json!({
        "id": rng.object_id(created),
        "regionConfigs": configs,
        "zoneId": zone_id,
        "zoneName": format!("Zone {}", zone + 1),
    })
}

/// Connection strings: standard and SRV, and for some clusters peering (`private`) and
/// private endpoint ones.
fn connection_strings(
    rng: &mut Rng,
    name: &str,
    shards: usize,
    sharded: bool,
    provider: Option<Provider>,
    region: &str,
) -> Value {
    let sub = rng.alnum(5);
    let rs = rng.alnum(6);
    let hosts = |suffix: &str, port: u16| -> String {
        let mut hosts = Vec::new();
        for shard in 0..shards.min(2) {
            for node in 0..3 {
                hosts.push(format!(
                    "{name}-shard-{shard:02}-{node:02}{suffix}.{sub}.mongodb.net:{port}"
                ));
            }
        }
        hosts.join(",")
    };
    let port = if sharded { 27016 } else { 27017 };
    let options = if sharded {
        "?ssl=true&authSource=admin".to_owned()
    } else {
        format!("?ssl=true&authSource=admin&replicaSet=atlas-{rs}-shard-0")
    };
    let mut out = Map::new();
    out.insert(
        "standard".into(),
        json!(format!("mongodb://{}/{options}", hosts("", port))),
    );
    out.insert(
        "standardSrv".into(),
        json!(format!("mongodb+srv://{name}.{sub}.mongodb.net")),
    );
    if provider.is_some() && rng.chance(20) {
        out.insert(
            "private".into(),
            json!(format!("mongodb://{}/{options}", hosts("-pri", port))),
        );
        out.insert(
            "privateSrv".into(),
            json!(format!("mongodb+srv://{name}-pri.{sub}.mongodb.net")),
        );
    }
    if let Some(provider) = provider.filter(|_| rng.chance(33)) {
        let slug = region_slug(region);
        let mut endpoints = Vec::new();
        let mut links = Map::new();
        let mut links_srv = Map::new();
        for pl in 0..rng.between(1, 2) {
            let endpoint_id = match provider {
                Provider::Aws => format!("vpce-{}", rng.hex(17)),
                Provider::Azure => format!(
                    "/subscriptions/{}/resourceGroups/rg-{name}/providers/Microsoft.Network/\
                     privateEndpoints/pe-{name}-{pl}",
                    rng.uuid()
                ),
                Provider::Gcp => format!(
                    "projects/p-{}/regions/{slug}/forwardingRules/{name}-psc-{pl}",
                    rng.alnum(10)
                ),
            };
            let pl_host = format!("pl-{pl}-{slug}.{sub}.mongodb.net");
            let connection =
                format!("mongodb://{pl_host}:1024,{pl_host}:1025,{pl_host}:1026/{options}");
            let srv = format!("mongodb+srv://{name}-pl-{pl}.{sub}.mongodb.net");
            if provider == Provider::Aws {
                links.insert(endpoint_id.clone(), json!(connection));
                links_srv.insert(endpoint_id.clone(), json!(srv));
            }
            let mut entry = json!({
                "connectionString": connection,
                "endpoints": [{
                    "endpointId": endpoint_id,
                    "providerName": provider.name(),
                    "region": region,
                }],
                "srvConnectionString": srv,
                "type": if sharded { "MONGOS" } else { "MONGOD" },
            });
            if sharded {
                entry["srvShardOptimizedConnectionString"] =
                    json!(format!("mongodb+srv://{name}-pl-{pl}-lb.{sub}.mongodb.net"));
            }
            endpoints.push(entry);
        }
        out.insert("privateEndpoint".into(), Value::Array(endpoints));
        if !links.is_empty() {
            out.insert("awsPrivateLink".into(), Value::Object(links));
            out.insert("awsPrivateLinkSrv".into(), Value::Object(links_srv));
        }
    }
    Value::Object(out)
}

/// A resource's `links`: itself, then each `(path below it, relation)`.
fn links(href: &str, rels: &[(&str, &str)]) -> Value {
    let mut out = vec![json!({ "href": href, "rel": "self" })];
    for (path, rel) in rels {
        out.push(json!({
            "href": format!("{href}/{path}"),
            "rel": format!("https://cloud.mongodb.com/{rel}"),
        }));
    }
    Value::Array(out)
}

const APPS: &[&str] = &[
    "orders",
    "billing",
    "catalog",
    "analytics",
    "users",
    "events",
    "inventory",
    "search",
    "payments",
    "sessions",
    "telemetry",
    "ledger",
    "notifications",
    "shipping",
    "profiles",
    "recommendations",
];
const ENVS: &[&str] = &["prod", "staging", "dev", "qa", "perf"];
const TEAMS: &[&str] = &[
    "platform",
    "data-engineering",
    "checkout",
    "growth",
    "identity",
    "sre",
    "mobile",
    "risk",
];

/// One cluster of project `group_id`; `i` makes its name unique.
fn cluster(rng: &mut Rng, i: usize, group_id: &str) -> Value {
    let app = *rng.pick(APPS);
    let env = *rng.pick(ENVS);
    let name = format!("{app}-{env}-{i}");
    let created = rng.between(EPOCH_2019, EPOCH_2025_06 - 86_400 * 30);
    let href = format!("{API}/groups/{group_id}/clusters/{name}");
    let tenant = rng.chance(10);
    let provider = rng.weighted(&[
        (Provider::Aws, 65),
        (Provider::Azure, 18),
        (Provider::Gcp, 17),
    ]);
    let (major, patch) = rng.weighted(&[(("8.0", 9), 35), (("7.0", 21), 45), (("6.0", 24), 20)]);
    let version = format!("{major}.{}", rng.between(0, patch));
    let cluster_type = if tenant {
        "REPLICASET"
    } else {
        rng.weighted(&[("REPLICASET", 70), ("SHARDED", 20), ("GEOSHARDED", 10)])
    };
    let sharded = cluster_type != "REPLICASET";
    let mut specs = Vec::new();
    if tenant {
        specs.push(json!({
            "id": rng.object_id(created),
            "regionConfigs": [tenant_region(rng)],
            "zoneId": rng.object_id(created),
            "zoneName": "Zone 1",
        }));
    } else {
        let size = rng.weighted(provider.sizes());
        let disk = *rng.pick(&[
            10.0, 20.0, 32.0, 40.0, 64.0, 80.0, 128.0, 256.0, 512.0, 1024.0,
        ]);
        let (shards, zones) = match cluster_type {
            "REPLICASET" => (1, 1),
            "SHARDED" => (rng.between(2, 4) as usize, 1),
            _ => (rng.between(2, 3) as usize, rng.between(2, 3) as usize),
        };
        let zone_ids: Vec<String> = (0..zones).map(|_| rng.object_id(created)).collect();
        for shard in 0..shards {
            let zone = shard % zones;
            specs.push(replication_spec(
                rng,
                created,
                provider,
                size,
                disk,
                zone,
                &zone_ids[zone],
            ));
        }
    }
    let first_region = specs[0]["regionConfigs"][0]["regionName"]
        .as_str()
        .unwrap_or("US_EAST_1")
        .to_owned();
    let shards = specs.len();
    let mut c = json!({
        "advancedConfiguration": {
            "minimumEnabledTlsProtocol": rng.weighted(&[("TLS1_2", 90), ("TLS1_1", 7), ("TLS1_0", 3)]),
            "tlsCipherConfigMode": "DEFAULT",
        },
        "backupEnabled": !tenant && rng.chance(70),
        "biConnector": {
            "enabled": !tenant && rng.chance(10),
            "readPreference": *rng.pick(&["SECONDARY", "SECONDARY", "ANALYTICS", "PRIMARY"]),
        },
        "clusterType": cluster_type,
        "configServerManagementMode": rng.weighted(&[("ATLAS_MANAGED", 90), ("FIXED_TO_DEDICATED", 10)]),
        "configServerType": if sharded && rng.chance(60) { "DEDICATED" } else { "EMBEDDED" },
        "connectionStrings": connection_strings(
            rng,
            &name,
            shards,
            sharded,
            (!tenant).then_some(provider),
            &first_region,
        ),
        "createDate": iso8601(created),
        "diskWarmingMode": rng.weighted(&[("FULLY_WARMED", 85), ("VISIBLE_EARLIER", 15)]),
        "encryptionAtRestProvider": if !tenant && rng.chance(25) { provider.name() } else { "NONE" },
        "featureCompatibilityVersion": major,
        "globalClusterSelfManagedSharding": cluster_type == "GEOSHARDED" && rng.chance(30),
        "groupId": group_id,
        "id": rng.object_id(created),
        "links": links(&href, &[
            ("restoreJobs", "restoreJobs"),
            ("backup/snapshots", "snapshots"),
        ]),
        "mongoDBMajorVersion": major,
        "mongoDBVersion": version,
        "name": name,
        "paused": !tenant && rng.chance(5),
        "pitEnabled": !tenant && rng.chance(40),
        "redactClientLogData": rng.chance(15),
        "replicaSetScalingStrategy": rng.weighted(&[("WORKLOAD_TYPE", 80), ("SEQUENTIAL", 10), ("NODE_TYPE", 10)]),
        "replicationSpecs": specs,
        "rootCertType": "ISRGROOTX1",
        "stateName": rng.weighted(&[("IDLE", 85), ("UPDATING", 6), ("CREATING", 3), ("REPAIRING", 3), ("DELETING", 3)]),
        "terminationProtectionEnabled": env == "prod" && rng.chance(70),
        "versionReleaseSystem": rng.weighted(&[("LTS", 85), ("CONTINUOUS", 15)]),
    });
    if rng.chance(10) {
        c["advancedConfiguration"]["tlsCipherConfigMode"] = json!("CUSTOM");
        c["advancedConfiguration"]["customOpensslCipherConfigTls12"] = json!([
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        ]);
    }
    if rng.chance(40) {
        let mut labels = vec![json!({
            "key": "Infrastructure Tool",
            "value": "MongoDB Atlas Terraform Provider",
        })];
        if rng.chance(50) {
            labels.push(
                json!({ "key": "owner", "value": format!("{}@example.com", rng.pick(TEAMS)) }),
            );
        }
        c["labels"] = Value::Array(labels);
    }
    let mut tags = vec![json!({ "key": "environment", "value": env })];
    for (key, values) in [
        ("team", TEAMS),
        ("application", APPS),
        (
            "cost-center",
            &["cc-1042", "cc-2210", "cc-3307", "cc-4815"][..],
        ),
        (
            "data-classification",
            &["internal", "confidential", "public"][..],
        ),
    ] {
        if rng.chance(60) {
            tags.push(json!({ "key": key, "value": rng.pick(values) }));
        }
    }
    c["tags"] = Value::Array(tags);
    if rng.chance(5) {
        let expires = EPOCH_2025_06 + rng.between(3_600, 86_400 * 7);
        c["mongoDBEmployeeAccessGrant"] = json!({
            "expirationTime": iso8601(expires),
            "grantType": *rng.pick(&[
                "CLUSTER_DATABASE_LOGS",
                "CLUSTER_INFRASTRUCTURE",
                "CLUSTER_INFRASTRUCTURE_AND_APP_SERVICES_SYNC_DATA",
            ]),
            "links": links(&format!("{href}/grantMongoDBEmployeeAccess"), &[]),
        });
    }
    if rng.chance(3) {
        c["featureCompatibilityVersionExpirationDate"] =
            json!(iso8601(EPOCH_2025_06 + rng.between(86_400, 86_400 * 90)));
    }
    if rng.chance(1) {
        c["acceptDataRisksAndForceReplicaSetReconfig"] =
            json!(iso8601(EPOCH_2025_06 - rng.between(86_400, 86_400 * 60)));
    }
    c
}

/// A page of `n` clusters as `listClusters` answers it (`includeCount=true`, the first page
/// of three).
pub fn clusters_page(n: usize) -> Vec<u8> {
    let mut rng = Rng::new(0x00C1_05E2_5EED);
    let group_id = rng.object_id(EPOCH_2019 + 86_400 * 40);
    let results: Vec<Value> = (0..n).map(|i| cluster(&mut rng, i, &group_id)).collect();
    let page = format!("{API}/groups/{group_id}/clusters?includeCount=true&itemsPerPage={n}");
    let page = json!({
        "links": [
            { "href": format!("{page}&pageNum=1"), "rel": "self" },
            { "href": format!("{page}&pageNum=2"), "rel": "next" },
        ],
        "results": results,
        "totalCount": n * 3 - n / 2,
    });
    serde_json::to_vec(&page).expect("a JSON value serializes")
}

/// The statuses of endpoints, with how often each comes: mostly `AVAILABLE`.
const STATUSES: &[(&str, u64)] = &[
    ("AVAILABLE", 80),
    ("RESERVED", 5),
    ("INITIATING", 5),
    ("RESERVATION_REQUESTED", 3),
    ("FAILED", 4),
    ("DELETING", 3),
];

/// A comment of at most 80 characters, or none.
fn endpoint_comment(rng: &mut Rng, region: &str) -> Option<String> {
    if rng.chance(10) {
        return None;
    }
    let app = rng.pick(APPS);
    let env = rng.pick(ENVS);
    let comment = match rng.below(3) {
        0 => format!(
            "Private endpoint for {app} ({env}) in {region}, ticket NET-{}",
            rng.between(100, 9999)
        ),
        1 => format!("{app}-{env} app servers, VPC peering replaced by PrivateLink"),
        _ => format!("Managed by Terraform: {app}/{env}/{region}/serverless-private-endpoint"),
    };
    Some(comment.chars().take(80).collect())
}

const AWS_REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-2",
    "eu-west-1",
    "eu-central-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
];
const AZURE_REGIONS: &[&str] = &[
    "eastus2",
    "eastus",
    "westus",
    "northeurope",
    "westeurope",
    "uksouth",
    "australiaeast",
];

fn aws_endpoint(rng: &mut Rng) -> Value {
    let created = rng.between(EPOCH_2019 + 86_400 * 900, EPOCH_2025_06);
    let region = *rng.pick(AWS_REGIONS);
    let status = rng.weighted(STATUSES);
    let mut e = Map::new();
    e.insert("_id".into(), json!(rng.object_id(created)));
    if let Some(comment) = endpoint_comment(rng, region) {
        e.insert("comment".into(), json!(comment));
    }
    e.insert("providerName".into(), json!("AWS"));
    e.insert("status".into(), json!(status));
    if status != "RESERVATION_REQUESTED" {
        e.insert(
            "endpointServiceName".into(),
            json!(format!(
                "com.amazonaws.vpce.{region}.vpce-svc-{}",
                rng.hex(17)
            )),
        );
    }
    if !matches!(status, "RESERVATION_REQUESTED" | "RESERVED") {
        let vpce = format!("vpce-{}", rng.hex(17));
        if status == "FAILED" {
            e.insert(
                "errorMessage".into(),
                json!(format!(
                    "Interface endpoint {vpce} was rejected by the endpoint service; check that \
                     it is in {region} and that its security group allows port 27017."
                )),
            );
        }
        e.insert("cloudProviderEndpointId".into(), json!(vpce));
    }
    Value::Object(e)
}

fn azure_endpoint(rng: &mut Rng) -> Value {
    let created = rng.between(EPOCH_2019 + 86_400 * 900, EPOCH_2025_06);
    let region = *rng.pick(AZURE_REGIONS);
    let status = rng.weighted(STATUSES);
    let subscription = rng.uuid();
    let mut e = Map::new();
    e.insert("_id".into(), json!(rng.object_id(created)));
    if let Some(comment) = endpoint_comment(rng, region) {
        e.insert("comment".into(), json!(comment));
    }
    e.insert("providerName".into(), json!("AZURE"));
    e.insert("status".into(), json!(status));
    if status != "RESERVATION_REQUESTED" {
        let pls = format!("pls_{}", rng.hex(24));
        e.insert(
            "privateLinkServiceResourceId".into(),
            json!(format!(
                "/subscriptions/{}/resourceGroups/rg_{}_{}/providers/Microsoft.Network/\
                 privateLinkServices/{pls}",
                rng.uuid(),
                rng.hex(24),
                rng.alnum(8)
            )),
        );
        e.insert("endpointServiceName".into(), json!(pls));
    }
    if !matches!(status, "RESERVATION_REQUESTED" | "RESERVED") {
        let app = rng.pick(APPS);
        let pe = format!("pe-{app}-{region}-{:02}", rng.between(1, 40));
        e.insert(
            "cloudProviderEndpointId".into(),
            json!(format!(
                "/subscriptions/{subscription}/resourceGroups/privateLink/providers/\
                 Microsoft.Network/privateEndpoints/{pe}"
            )),
        );
        e.insert(
            "privateEndpointIpAddress".into(),
            json!(format!(
                "10.{}.{}.{}",
                rng.between(0, 255),
                rng.between(0, 255),
                rng.between(4, 254)
            )),
        );
        if status == "FAILED" {
            e.insert(
                "errorMessage".into(),
                json!(format!(
                    "Private endpoint {pe} was not approved: the connection request to the \
                     private link service timed out."
                )),
            );
        }
    }
    Value::Object(e)
}

/// `n` serverless private endpoints as `listServerlessPrivateEndpoints` answers them: every
/// other one AWS, the rest Azure.
pub fn serverless_endpoints(n: usize) -> Vec<u8> {
    let mut rng = Rng::new(0x5E2F_E2E5_5EED);
    let endpoints: Vec<Value> = (0..n)
        .map(|i| {
            if i % 2 == 0 {
                aws_endpoint(&mut rng)
            } else {
                azure_endpoint(&mut rng)
            }
        })
        .collect();
    serde_json::to_vec(&endpoints).expect("a JSON value serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_iso_8601() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(EPOCH_2019), "2019-01-01T00:00:00Z");
        assert_eq!(iso8601(1_710_408_413), "2024-03-14T09:26:53Z");
        assert_eq!(iso8601(1_709_164_800), "2024-02-29T00:00:00Z");
    }

    #[test]
    fn payloads_are_deterministic_and_of_the_intended_size() {
        let clusters = clusters_page(500);
        assert_eq!(clusters, clusters_page(500));
        let endpoints = serverless_endpoints(2_000);
        assert_eq!(endpoints, serverless_endpoints(2_000));
        let mb = |bytes: &[u8]| bytes.len() as f64 / 1e6;
        assert!((1.8..2.0).contains(&mb(&clusters)), "{} MB", mb(&clusters));
        assert!(
            (0.8..1.0).contains(&mb(&endpoints)),
            "{} MB",
            mb(&endpoints)
        );
    }
}
