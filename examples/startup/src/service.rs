//! The update service's address: the config's `service = host:port` line, or
//! [`DEFAULT_SERVICE`].
//!
//! The host may be a name, an IPv4 address or a bracketed IPv6 address (`[::1]:443`); it is
//! resolved only when `ping` connects, so a config is valid without a network.

use std::fmt;

pub use crate::interface::DEFAULT_SERVICE;

/// A `host:port` to connect to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service(String);

impl Service {
    /// Parses a `host:port` value: a host that is not empty and a port from 1 to 65535.
    pub fn parse(value: &str) -> Result<Self, String> {
        let Some((host, port)) = value.rsplit_once(':').filter(|(host, _)| !host.is_empty()) else {
            return Err(format!("`service` must be `host:port`, found `{value}`"));
        };
        if host.contains(char::is_whitespace) {
            return Err(format!(
                "`service` host must not contain spaces, found `{host}`"
            ));
        }
        match port.parse::<u16>() {
            Ok(1..) => Ok(Self(value.to_owned())),
            _ => Err(format!("`service` port must be 1 to 65535, found `{port}`")),
        }
    }

    /// The address as written, which `ToSocketAddrs` resolves.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Service {
    /// [`DEFAULT_SERVICE`].
    fn default() -> Self {
        Self(DEFAULT_SERVICE.to_owned())
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_addresses_with_a_port_are_services() {
        for value in [
            "updates.example:443",
            "127.0.0.1:8080",
            "[::1]:1",
            "h:65535",
        ] {
            assert_eq!(Service::parse(value).unwrap().as_str(), value);
        }
    }

    #[test]
    fn the_default_is_a_valid_service() {
        assert_eq!(Service::parse(DEFAULT_SERVICE).unwrap(), Service::default());
        assert_eq!(
            Service::default().to_string(),
            "updates.startup.example:443"
        );
    }

    #[test]
    fn a_missing_host_or_a_bad_port_is_refused() {
        for value in ["updates.example", ":443", ""] {
            assert_eq!(
                Service::parse(value).unwrap_err(),
                format!("`service` must be `host:port`, found `{value}`")
            );
        }
        for (value, port) in [
            ("h:", ""),
            ("h:0", "0"),
            ("h:65536", "65536"),
            ("h:https", "https"),
        ] {
            assert_eq!(
                Service::parse(value).unwrap_err(),
                format!("`service` port must be 1 to 65535, found `{port}`")
            );
        }
        assert_eq!(
            Service::parse("a b:443").unwrap_err(),
            "`service` host must not contain spaces, found `a b`"
        );
    }
}
