//! The beta package.
