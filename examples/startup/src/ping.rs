//! `ping`: the health check of the update service.
//!
//! It checks what a TLS connection to the service would need, in order: the trust store
//! ([`TRUST_STORE`]) to verify the service's certificate against, then a TCP connection to one
//! of the addresses the service's name resolves to, each tried for at most
//! [`CONNECT_TIMEOUT`]. Either missing is refused with its own code, so a broken machine and a
//! broken network are told apart.

use std::io;
use std::net::{TcpStream, ToSocketAddrs};
use std::path::Path;
use std::time::Duration;

use crate::StartupError;
pub use crate::interface::TRUST_STORE;
use crate::service::Service;

/// How long one connection attempt may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// Checks that `trust_store` ([`TRUST_STORE`] in the binary) is a directory, then connects to
/// `service`; returns the line that says it is reachable.
pub fn run(service: &Service, trust_store: &Path) -> Result<String, StartupError> {
    require_trust_store(trust_store)?;
    connect(service)?;
    Ok(format!("reachable: {service}"))
}

/// Refuses with `TRUST_STORE_MISSING` unless `path` is a directory.
fn require_trust_store(path: &Path) -> Result<(), StartupError> {
    let problem = match path.metadata() {
        Ok(meta) if meta.is_dir() => return Ok(()),
        Ok(_) => "is not a directory".to_owned(),
        Err(err) if err.kind() == io::ErrorKind::NotFound => "does not exist".to_owned(),
        Err(err) => format!("cannot be read: {err}"),
    };
    Err(StartupError::TrustStoreMissing {
        path: path.to_owned(),
        problem,
    })
}

/// Resolves `service` and connects to each of its addresses in turn until one answers;
/// refuses with `SERVICE_UNREACHABLE` and the last failure otherwise.
fn connect(service: &Service) -> Result<(), StartupError> {
    let unreachable = |problem| StartupError::ServiceUnreachable {
        service: service.to_string(),
        problem,
    };
    let addresses = service
        .as_str()
        .to_socket_addrs()
        .map_err(|err| unreachable(format!("its name did not resolve: {err}")))?;
    let mut last = "its name resolved to no address".to_owned();
    for address in addresses {
        match TcpStream::connect_timeout(&address, CONNECT_TIMEOUT) {
            Ok(_) => return Ok(()),
            Err(err) => last = format!("connecting to {address} failed: {err}"),
        }
    }
    Err(unreachable(last))
}

#[cfg(test)]
mod tests {
    use std::net::TcpListener;

    use super::*;

    fn service(address: impl ToString) -> Service {
        Service::parse(&address.to_string()).unwrap()
    }

    /// A port on 127.0.0.1 that nothing listens on: one just bound and released.
    fn closed_port() -> u16 {
        TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    }

    #[test]
    fn a_listening_service_is_reachable() {
        let store = tempfile::tempdir().unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        assert_eq!(
            run(&service(address), store.path()).unwrap(),
            format!("reachable: {address}")
        );
    }

    #[test]
    fn a_closed_port_is_unreachable_naming_the_service_and_the_failure() {
        let store = tempfile::tempdir().unwrap();
        let address = format!("127.0.0.1:{}", closed_port());
        let err = run(&service(&address), store.path()).unwrap_err();
        assert_eq!((err.code(), err.exit_status()), ("SERVICE_UNREACHABLE", 9));
        let message = err.to_string();
        assert!(
            message.starts_with(&format!(
                "update service `{address}` is unreachable: connecting to {address} failed: "
            )),
            "{message}"
        );
        assert!(message.contains("refused"), "{message}");
    }

    #[test]
    fn the_trust_store_is_checked_before_the_network() {
        let dir = tempfile::tempdir().unwrap();
        let unreachable = service(format!("127.0.0.1:{}", closed_port()));
        let missing = dir.path().join("certs");
        let err = run(&unreachable, &missing).unwrap_err();
        assert_eq!((err.code(), err.exit_status()), ("TRUST_STORE_MISSING", 8));
        assert_eq!(
            err.to_string(),
            format!("TLS trust store `{}` does not exist", missing.display())
        );

        let file = dir.path().join("certs.pem");
        std::fs::write(&file, "").unwrap();
        let err = run(&unreachable, &file).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("TLS trust store `{}` is not a directory", file.display())
        );
    }
}

#[cfg(feature = "fault-cases")]
mod fault_cases {
    use fault_runtime::{fault_case, process};

    use crate::fault_support::{PUBLIC_SERVICE_CONF, startup};

    /// Update service unreachable without a network
    ///
    /// Token, git, config and trust store are all there, and the config's service is
    /// `index.crates.io:443`, which the host's network reaches; the case's network namespace
    /// has only its loopback, so the service's name cannot resolve and no address can be
    /// reached. `ping` must refuse, naming the service, instead of reporting it healthy.
    ///
    /// No `control` key: the control needs the network. Under `cargo faults --control` it
    /// runs the same `ping` with the host's network, and must reach the service; on a machine
    /// that cannot, the control refuses and the case is `vacuous`, a failure, not a pass.
    #[fault_case(
        id = "startup-10",
        gate = "PING",
        expect = "SERVICE_UNREACHABLE",
        halt,
        severity = "error",
        category = "execution",
        fault = "no_network",
        recovery = "Restore the network path to the update service, or point the config's `service = host:port` at a reachable one",
        env = [("STARTUP_API_TOKEN", "t0ken")],
        isolation = "container",
        network = "none",
        requires = ["git", "file:/etc/ssl/certs"],
        tags = ["ping", "network", "container"],
    )]
    fn service_unreachable_without_network() -> process::Run {
        startup(&["--config", PUBLIC_SERVICE_CONF, "ping"])
    }

    /// TLS trust store hidden by path
    ///
    /// `/etc/ssl/certs` is on no PATH, so nothing but a container can make it absent. `ping`
    /// must refuse before it opens a connection it could not verify.
    ///
    /// No `control` key, as for `startup-10`: under `cargo faults --control` the control runs
    /// the same `ping` with the trust store there and the host's network, and must reach
    /// `index.crates.io:443`; on a machine that cannot, the case is `vacuous`, not a pass.
    #[fault_case(
        id = "startup-11",
        gate = "PING",
        expect = "TRUST_STORE_MISSING",
        halt,
        severity = "error",
        category = "configuration",
        fault = "missing_trust_store",
        recovery = "Install the CA certificates (ca-certificates) so that /etc/ssl/certs exists",
        env = [("STARTUP_API_TOKEN", "t0ken")],
        isolation = "container",
        hide = ["/etc/ssl/certs"],
        requires = ["git", "file:/etc/ssl/certs"],
        tags = ["ping", "tls", "container"],
    )]
    fn trust_store_hidden() -> process::Run {
        startup(&["--config", PUBLIC_SERVICE_CONF, "ping"])
    }
}
