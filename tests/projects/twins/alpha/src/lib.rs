//! The alpha package.
