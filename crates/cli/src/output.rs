//! Writing an output file the user named: all of it or none of it.
//!
//! A regular file is written beside its target and renamed over it, so a
//! failed run never leaves half a file where a good one was. Anything else
//! — `/dev/null`, `/dev/stdout`, a named pipe — is written in place: renaming
//! over a device would replace it with a plain file (as root, `/dev/null`
//! itself), which is how a benchmark once broke every later build on the
//! machine.

use anyhow::Context;
use std::fs::{self, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The directory a new file at `path` goes into; it must exist.
pub fn directory_of(path: &Path) -> anyhow::Result<&Path> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        anyhow::bail!(
            "cannot write {}: the directory {} does not exist; create it or choose another path",
            path.display(),
            dir.display()
        );
    }
    Ok(dir)
}

/// Writes through `fill` to `path`, atomically when `path` is (or will be) a
/// regular file. A symbolic link is followed: the file it names is replaced,
/// the link kept.
pub fn write_file<T>(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let target: PathBuf = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path)
            .with_context(|| format!("cannot write {}: a broken link", path.display()))?,
        _ => path.to_path_buf(),
    };
    match fs::metadata(&target) {
        Ok(m) if !m.is_file() => {
            if m.is_dir() {
                anyhow::bail!(
                    "cannot write {}: it is a directory; name a file inside it",
                    path.display()
                );
            }
            // A device or a pipe: written in place, never replaced.
            let file = OpenOptions::new()
                .write(true)
                .open(&target)
                .with_context(|| format!("cannot write {}", path.display()))?;
            let mut w = BufWriter::new(file);
            let value = fill(&mut w)?;
            w.flush()
                .with_context(|| format!("cannot write {}", path.display()))?;
            Ok(value)
        }
        _ => {
            let dir = directory_of(&target)?;
            let tmp = tempfile::NamedTempFile::new_in(dir)
                .with_context(|| format!("cannot create a file in {}", dir.display()))?;
            let mut w = BufWriter::new(tmp);
            let value = fill(&mut w)?;
            let tmp = w
                .into_inner()
                .map_err(|e| e.into_error())
                .with_context(|| format!("cannot write {}", path.display()))?;
            tmp.persist(&target)
                .with_context(|| format!("cannot write {}", path.display()))?;
            Ok(value)
        }
    }
}

/// [`write_file`] for bytes already in memory.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_file(path, |w| {
        w.write_all(bytes)
            .with_context(|| format!("cannot write {}", path.display()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::FileTypeExt;

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        fs::write(&path, "old\n").unwrap();
        let err = write_file(&path, |w| -> anyhow::Result<()> {
            w.write_all(b"half")?;
            anyhow::bail!("the input ended early")
        })
        .unwrap_err();
        assert!(err.to_string().contains("ended early"));
        assert_eq!(fs::read_to_string(&path).unwrap(), "old\n");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary left"
        );
        write_bytes(&path, b"new\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new\n");
    }

    #[test]
    fn a_named_pipe_is_written_in_place_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !matches!(made, Ok(s) if s.success()) {
            eprintln!("mkfifo unavailable; skipped");
            return;
        }
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
        };
        write_bytes(&fifo, b"through the pipe\n").unwrap();
        // Checked before joining: had the pipe been replaced, the reader
        // would wait on it forever.
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
        assert_eq!(reader.join().unwrap(), "through the pipe\n");
    }

    #[test]
    fn a_link_is_kept_and_its_file_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.csv");
        let link = dir.path().join("link.csv");
        fs::write(&real, "old\n").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_bytes(&link, b"new\n").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new\n");
    }

    #[test]
    fn a_missing_directory_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nowhere").join("out.csv");
        let err = write_bytes(&path, b"x").unwrap_err().to_string();
        assert!(err.contains("does not exist"), "{err}");
    }
}
