//! What every test of the binary needs: a node in a temporary directory and
//! `corridor` run in it, with no store chosen by the environment and a
//! fixed user name for the audit log. Each test file adds its own helpers.

#![allow(dead_code)] // each test binary uses its own part of it

use std::path::PathBuf;

use assert_cmd::Command;

pub struct Node {
    pub dir: tempfile::TempDir,
}

impl Node {
    pub fn new() -> Node {
        Node {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file into the node's directory (parents made).
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, text).unwrap();
        p
    }

    /// `corridor` run in the node's directory.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    /// The same, as a process to start and keep (a server).
    pub fn std_cmd(&self) -> std::process::Command {
        use assert_cmd::cargo::CommandCargoExt;
        let mut c = std::process::Command::cargo_bin("corridor").unwrap();
        c.current_dir(self.dir.path())
            .env_remove("CORRIDOR_DB")
            .env("USER", "tester")
            .env("CORRIDOR_USER", "tester");
        c
    }

    /// Success, standard output and standard error.
    pub fn run(&self, args: &[&str]) -> (bool, String, String) {
        let out = self.cmd().args(args).output().unwrap();
        (
            out.status.success(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    /// Standard output of a run that must succeed.
    pub fn ok(&self, args: &[&str]) -> String {
        let (ok, out, err) = self.run(args);
        assert!(ok, "corridor {args:?} failed: {err}");
        out
    }
}
