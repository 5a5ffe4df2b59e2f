//! Removing a directory tree, whatever the permissions a case left on it.

use std::fs;
use std::path::Path;

/// Removes a directory and everything in it, even when a case took away its own permissions
/// to do so; a directory that is already gone is fine.
pub(crate) fn remove_dir(dir: &Path) {
    if fs::remove_dir_all(dir).is_ok() || !dir.exists() {
        return;
    }
    restore_access(dir);
    let _ = fs::remove_dir_all(dir);
}

/// Gives the owner full access to `dir` and every directory below it.
fn restore_access(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o700));
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            restore_access(&entry.path());
        }
    }
}
