//! `record-floor <dir> <count> <bytes>`: what writing one case's record costs the filesystem at
//! least. Writes `count` files of `bytes` bytes into the existing directory `dir`, one after
//! another from one thread, each as the harness writes a record where it can: an unnamed file
//! (`O_TMPFILE`) written whole, then linked under its name, then closed. Prints the elapsed
//! milliseconds; exits non-zero if any step fails (a filesystem without `O_TMPFILE` among
//! them), naming it.

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, count, bytes] = args.as_slice() else {
        eprintln!("usage: record-floor <dir> <count> <bytes>");
        return ExitCode::from(2);
    };
    let (Ok(count), Ok(bytes)) = (count.parse::<usize>(), bytes.parse::<usize>()) else {
        eprintln!("record-floor: <count> and <bytes> must be whole numbers");
        return ExitCode::from(2);
    };
    let Ok(dir) = CString::new(Path::new(dir).as_os_str().as_bytes()) else {
        eprintln!("record-floor: <dir> must not contain a NUL byte");
        return ExitCode::from(2);
    };
    let payload = vec![b'x'; bytes];
    let start = Instant::now();
    for n in 0..count {
        if let Err(err) = write_record(&dir, n, &payload) {
            eprintln!("record-floor: record {n}: {err}");
            return ExitCode::FAILURE;
        }
    }
    println!("{:.3}", start.elapsed().as_secs_f64() * 1000.0);
    ExitCode::SUCCESS
}

/// Writes `payload` as `<dir>/<n>.json`: unnamed, written, linked, closed.
fn write_record(dir: &CString, n: usize, payload: &[u8]) -> Result<(), String> {
    let failed = |what: &str| format!("{what}: {}", std::io::Error::last_os_error());
    // SAFETY: `dir` is a NUL-terminated path; the flags and mode are plain integers.
    let fd = unsafe {
        libc::open(
            dir.as_ptr(),
            libc::O_TMPFILE | libc::O_WRONLY | libc::O_CLOEXEC,
            0o644,
        )
    };
    if fd < 0 {
        return Err(failed("O_TMPFILE open"));
    }
    let result = (|| {
        // SAFETY: `payload` is valid for `payload.len()` bytes and `fd` is open for writing.
        let written = unsafe { libc::write(fd, payload.as_ptr().cast(), payload.len()) };
        if usize::try_from(written).ok() != Some(payload.len()) {
            return Err(failed("write"));
        }
        let name = CString::new(format!("{}/{n}.json", dir.to_string_lossy()))
            .map_err(|err| err.to_string())?;
        // SAFETY: `fd` is open, the empty path and `name` are NUL-terminated.
        let linked = unsafe {
            libc::linkat(
                fd,
                c"".as_ptr(),
                libc::AT_FDCWD,
                name.as_ptr(),
                libc::AT_EMPTY_PATH,
            )
        };
        if linked != 0 {
            return Err(failed("linkat"));
        }
        Ok(())
    })();
    // SAFETY: `fd` was opened above and is closed once, here.
    unsafe { libc::close(fd) };
    result
}
