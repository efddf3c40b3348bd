//! Endpoints as etcdctl reads them.
//!
//! etcdctl's scheme rules: `http://` is plaintext even when certificate flags are given;
//! `https://` is TLS; a bare `host:port` uses TLS only when certificate flags are given (or
//! `--insecure-transport=false`).

use std::fmt;

/// Plaintext or TLS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// gRPC over plain HTTP/2.
    Http,
    /// gRPC over TLS.
    Https,
}

/// One endpoint to dial.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// As the user wrote it.
    pub original: String,
    /// Plaintext or TLS, after etcdctl's rules.
    pub scheme: Scheme,
    /// Whether the scheme was written out (`http://`, `https://`) or inferred.
    pub explicit_scheme: bool,
    /// Host name or IP literal, without brackets.
    pub host: String,
    /// Port; 0 when the endpoint has none or one no dial reaches (see `bad_port`).
    pub port: u16,
    /// A port that is not one (`h:abc`, `h:99999`): etcdctl takes the endpoint and its
    /// dialer fails on it, as `probe::tcp` does.
    pub bad_port: Option<String>,
}

impl Target {
    /// An empty item of `--endpoints` (`--endpoints=a,b,` from a script that cut a member
    /// without client URLs). etcdctl 3.4 keeps it: the per-endpoint commands (`endpoint
    /// status|health|hashkv`, `defrag`) try it and fail on it, so etcdtls does too; the other
    /// commands use the other endpoints.
    pub fn empty() -> Target {
        Target {
            original: String::new(),
            scheme: Scheme::Https,
            explicit_scheme: false,
            host: String::new(),
            port: 0,
            bad_port: None,
        }
    }

    /// The per-endpoint commands' targets: `targets` with etcdctl's empty items of
    /// `--endpoints` back in their places (not with `--cluster`, which reads the member list).
    ///
    /// Those commands take the items of `--endpoints` as pflag split them, where etcdctl's
    /// client trims them: an item with spaces around it (`--endpoints "a:1, b:2"`) is an
    /// address no dial reaches (`too many colons in address`), and is printed as given.
    pub fn with_empty_items(targets: &[Target], endpoints: &[String], cluster: bool) -> Vec<Target> {
        if cluster || !endpoints.iter().any(|e| e.trim().is_empty() || e.trim() != e) {
            return targets.to_vec();
        }
        let mut given = targets.iter();
        endpoints
            .iter()
            .map(|e| {
                let parsed = if e.trim().is_empty() { None } else { given.next() };
                match parsed {
                    Some(t) if e.trim() == e => t.clone(),
                    _ => Target {
                        original: e.clone(),
                        ..Target::empty()
                    },
                }
            })
            .collect()
    }

    /// Parses one endpoint. `tls_by_default` applies to endpoints without a scheme.
    pub fn parse(endpoint: &str, tls_by_default: bool) -> Result<Target, String> {
        let original = endpoint.trim().to_string();
        // Go's url.Parse reads a scheme in any case (`HTTPS://` is https).
        let scheme_part = original.split_once("://").map(|(s, r)| (s.to_ascii_lowercase(), r));
        let (scheme, explicit, rest) = if let Some(("https", r)) = scheme_part.as_ref().map(|(s, r)| (s.as_str(), *r)) {
            (Scheme::Https, true, r)
        } else if let Some(("http", r)) = scheme_part.as_ref().map(|(s, r)| (s.as_str(), *r)) {
            (Scheme::Http, true, r)
        } else if let Some(("unix" | "unixs", _)) = scheme_part.as_ref().map(|(s, r)| (s.as_str(), *r)) {
            return Err(format!(
                "endpoint {original}: etcdtls does not dial Unix sockets; etcdctl does (`etcdctl --endpoints={original} …`)"
            ));
        } else if let Some((other, _)) = original.split_once("://") {
            return Err(format!(
                "endpoint {original}: unknown scheme {other}:// (use http:// or https://)"
            ));
        } else {
            (
                if tls_by_default { Scheme::Https } else { Scheme::Http },
                false,
                original.as_str(),
            )
        };
        // clientv3's `ParseEndpoint` (v3.4.23 `clientv3/balancer/resolver/endpoint`): with a
        // scheme, the address is Go's `url.Host`: up to the path, query or fragment, without
        // the user information; without one, the endpoint as written is the address.
        let authority = if explicit {
            let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
            host.rsplit_once('@').map_or(host, |(_, h)| h)
        } else {
            rest
        };
        let (host, port) = if let Some(stripped) = authority.strip_prefix('[') {
            let (h, after) = stripped
                .split_once(']')
                .ok_or_else(|| format!("endpoint {original}: unclosed [ in the address"))?;
            (h.to_string(), after.strip_prefix(':').unwrap_or(""))
        } else {
            match authority.rsplit_once(':') {
                Some((h, p)) if !h.contains(':') => (h.to_string(), p),
                _ => (authority.to_string(), ""),
            }
        };
        // `:2379` (etcd's maintenance guide) has no host: Go dials the local system.
        if host.is_empty() && port.is_empty() {
            return Err(format!("endpoint {original}: no host"));
        }
        // A missing port is port 0, which no dial reaches: clientv3 hands the address to Go's
        // dialer, whose `net.SplitHostPort` fails (`missing port in address`), so every
        // command fails as against an endpoint nobody answers, each with its own exit code
        // (`snapshot save` 5, `lease list` 2, ...). Refused at dial time, not here, for that.
        // So is a port that is not a number below 65536: Go's dialer fails on it (`invalid
        // port`, `unknown port`), each command with its exit code for a failed dial.
        let (port, bad_port) = match port.parse::<u16>() {
            _ if port.is_empty() => (0, None),
            Ok(p) if p > 0 => (p, None),
            _ => (0, Some(port.to_string())),
        };
        Ok(Target {
            original,
            scheme,
            explicit_scheme: explicit,
            host,
            port,
            bad_port,
        })
    }

    /// `host:port`, with brackets around IPv6 literals; `:port` dials this machine, as Go does.
    pub fn authority(&self) -> String {
        if self.host.is_empty() && self.port != 0 {
            format!("127.0.0.1:{}", self.port)
        } else if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// The URL with its scheme.
    pub fn url(&self) -> String {
        let scheme = match self.scheme {
            Scheme::Http => "http",
            Scheme::Https => "https",
        };
        format!("{scheme}://{}", self.authority())
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.original)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etcdctl_scheme_rules() {
        let t = Target::parse("http://127.0.0.1:2379", true).unwrap();
        assert_eq!((t.scheme, t.port), (Scheme::Http, 2379));
        let t = Target::parse("https://10.0.0.5:2379", false).unwrap();
        assert_eq!(t.scheme, Scheme::Https);
        assert_eq!(Target::parse("127.0.0.1:2379", true).unwrap().scheme, Scheme::Https);
        assert_eq!(Target::parse("127.0.0.1:2379", false).unwrap().scheme, Scheme::Http);
        // Go's url.Parse reads the scheme in any case; the endpoint is printed as given.
        let t = Target::parse("HTTPS://10.0.0.5:2379", false).unwrap();
        assert_eq!(
            (t.scheme, t.original.as_str()),
            (Scheme::Https, "HTTPS://10.0.0.5:2379")
        );
        assert_eq!(
            Target::parse("Http://10.0.0.5:2379", true).unwrap().scheme,
            Scheme::Http
        );
        // Unix sockets are etcdctl's alone, and said so.
        let refused = Target::parse("unix://localhost:2379", true).unwrap_err();
        assert!(refused.contains("etcdctl does"), "{refused}");
        assert!(Target::parse("ftp://a:1", true).unwrap_err().contains("unknown scheme"));
    }

    #[test]
    fn empty_endpoint_items_keep_their_places() {
        let given: Vec<String> = ["a:1", "", "b:2", ""].iter().map(|s| s.to_string()).collect();
        let targets = [Target::parse("a:1", true).unwrap(), Target::parse("b:2", true).unwrap()];
        let all = Target::with_empty_items(&targets, &given, false);
        let names: Vec<&str> = all.iter().map(|t| t.original.as_str()).collect();
        assert_eq!(names, ["a:1", "", "b:2", ""]);
        assert_eq!(Target::with_empty_items(&targets, &given, true).len(), 2);
    }

    #[test]
    fn per_endpoint_commands_keep_items_as_pflag_split_them() {
        let given: Vec<String> = ["https://a:1", " https://b:2", ""]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let parsed: Vec<Target> = given
            .iter()
            .filter(|e| !e.trim().is_empty())
            .map(|e| Target::parse(e, true).unwrap())
            .collect();
        let t = Target::with_empty_items(&parsed, &given, false);
        let originals: Vec<&str> = t.iter().map(|t| t.original.as_str()).collect();
        assert_eq!(originals, ["https://a:1", " https://b:2", ""]);
        assert_eq!((t[0].host.as_str(), t[0].port), ("a", 1));
        // Spaces around it: no address to dial, as etcdctl's dial has none.
        assert_eq!((t[1].host.as_str(), t[1].port), ("", 0));
        assert_eq!(Target::with_empty_items(&parsed, &given, true).len(), 2);
    }

    #[test]
    fn hosts_ports_and_ipv6() {
        let t = Target::parse("https://[::1]:22379", true).unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", 22379));
        assert_eq!(t.authority(), "[::1]:22379");
        let t = Target::parse("etcd-0.etcd:2379", true).unwrap();
        assert_eq!(t.host, "etcd-0.etcd");
        // No port: port 0, which `probe::tcp` refuses without dialling (Go's "missing port
        // in address"); etcdtls dialled 2379.
        assert_eq!(Target::parse("localhost", true).unwrap().port, 0);
        assert_eq!(Target::parse("https://127.0.0.1", true).unwrap().port, 0);
        assert_eq!(Target::parse("https://[::1]/", true).unwrap().port, 0);
        // With a scheme the address is Go's url.Host; without one, the endpoint as written.
        for (endpoint, host, port) in [
            ("https://127.0.0.1:2379/", "127.0.0.1", 2379),
            ("https://127.0.0.1:2379?x=1", "127.0.0.1", 2379),
            ("https://127.0.0.1:2379#f", "127.0.0.1", 2379),
            ("https://user:pw@etcd-0:2379/p", "etcd-0", 2379),
        ] {
            let t = Target::parse(endpoint, true).unwrap();
            assert_eq!((t.host.as_str(), t.port), (host, port), "{endpoint}");
            assert_eq!(t.original, endpoint);
        }
        // Without a scheme the endpoint is the address: Go's dialer finds no port in it.
        for (endpoint, bad) in [("127.0.0.1:2379/x", "2379/x"), ("127.0.0.1:2379?x", "2379?x")] {
            let t = Target::parse(endpoint, true).unwrap();
            assert_eq!((t.port, t.bad_port.as_deref()), (0, Some(bad)), "{endpoint}");
        }
        assert!(Target::parse("ftp://x", true).is_err());
        // `:2379` dials this machine, as Go's dialer does for etcdctl.
        let t = Target::parse("https://:2379", true).unwrap();
        assert_eq!((t.host.as_str(), t.authority().as_str()), ("", "127.0.0.1:2379"));
        assert!(Target::parse("https://", true).is_err());
        // A port no dial reaches is taken, and refused when dialled (`probe::tcp`).
        let t = Target::parse("host:99999", true).unwrap();
        assert_eq!((t.port, t.bad_port.as_deref()), (0, Some("99999")));
        let t = Target::parse("https://127.0.0.1:abc", true).unwrap();
        assert_eq!((t.port, t.bad_port.as_deref()), (0, Some("abc")));
    }
}
