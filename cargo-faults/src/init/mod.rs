//! Setting a package up for fault cases (`cargo faults init`): what its manifest needs.

pub(crate) mod manifest;
