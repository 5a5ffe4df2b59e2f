//! The cache, reserved in full at startup.
//!
//! `Vec::with_capacity` aborts the process when the allocator says no: the operator sees
//! `memory allocation of N bytes failed` and a core dump, not a reason. `try_reserve_exact`
//! returns the failure instead, so `startup` can refuse with `OUT_OF_MEMORY` and say which
//! setting to lower. The reservation is address space: pages are committed as the cache
//! fills, which is why an address-space limit (`ulimit -v`) is what refuses it up front.

use crate::StartupError;
use crate::config::Config;

/// The cache's buffer, reserved but not yet filled.
#[derive(Debug)]
pub struct Cache {
    buffer: Vec<u8>,
}

impl Cache {
    /// Reserves the `cache_mb` MiB the config asks for, or refuses with `OUT_OF_MEMORY`.
    pub fn reserve(config: &Config) -> Result<Self, StartupError> {
        let mut buffer = Vec::new();
        buffer
            .try_reserve_exact(config.cache_bytes())
            .map_err(|source| StartupError::OutOfMemory {
                mib: config.cache_mb(),
                source,
            })?;
        Ok(Self { buffer })
    }

    /// The bytes reserved.
    pub fn capacity(&self) -> usize {
        self.buffer.capacity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config;

    fn config(cache_mb: u64) -> Config {
        config::parse(&format!("name = t\ncache_mb = {cache_mb}\n")).unwrap()
    }

    #[test]
    fn reserves_exactly_what_the_config_asks_for() {
        assert_eq!(Cache::reserve(&config(4)).unwrap().capacity(), 4 << 20);
        assert_eq!(Cache::reserve(&config(0)).unwrap().capacity(), 0);
    }

    #[test]
    fn an_impossible_size_is_refused_not_aborted() {
        let mib = (isize::MAX as u64 >> 20) + 1;
        let err = Cache::reserve(&config(mib)).unwrap_err();
        assert_eq!((err.code(), err.exit_status()), ("OUT_OF_MEMORY", 7));
        assert!(
            err.to_string()
                .starts_with(&format!("cannot preallocate the {mib} MiB cache")),
            "{err}"
        );
    }
}

#[cfg(feature = "fault-cases")]
mod fault_cases {
    use fault_runtime::{fault_case, process};

    use crate::fault_support::{BIG_CACHE_CONF, startup};

    /// Cache larger than the memory limit
    ///
    /// The config asks for a 1024 MiB cache under a 256 MiB address-space limit: startup must
    /// refuse with OUT_OF_MEMORY, not abort in the allocator. Its control, without the limit,
    /// reserves the same cache and reports ready: the limit is what startup refuses.
    #[fault_case(
        id = "startup-8",
        gate = "STARTUP",
        expect = "OUT_OF_MEMORY",
        halt,
        severity = "critical",
        category = "execution",
        fault = "memory_limit",
        recovery = "Lower cache_mb in the config file, or raise the process's memory limit",
        env = [("STARTUP_API_TOKEN", "t0ken")],
        requires = ["git"],
        memory_limit = "256MiB",
        control,
        tags = ["startup", "limits"],
    )]
    fn cache_over_memory_limit() -> process::Run {
        startup(&["--config", BIG_CACHE_CONF, "check"])
    }
}
