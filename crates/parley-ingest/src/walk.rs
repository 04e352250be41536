//! Directory walking for `read_path`: every regular file below a directory, in
//! sorted order, depth first, skipping hidden entries (names starting with `.`)
//! and not following symlinked directories (no loops). Each file is read with
//! the format detected for it.
//!
//! Not for filtering by extension: a file of an unknown kind is still read (and
//! reported if binary), so nothing is silently lost.

use std::path::{Path, PathBuf};

use parley_model::Document;

use crate::{read_file, DocIter, ReadError, ReadOptions};

pub(crate) struct DirDocs {
    /// Paths still to visit, the next one last.
    stack: Vec<PathBuf>,
    current: Option<DocIter>,
    opts: ReadOptions,
    pending_err: Option<ReadError>,
}

fn hidden(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

impl DirDocs {
    pub(crate) fn new(root: &Path, opts: ReadOptions) -> Self {
        Self {
            stack: vec![root.to_path_buf()],
            current: None,
            opts,
            pending_err: None,
        }
    }

    /// Expands directories until a file is on top of the stack.
    fn next_file(&mut self) -> Option<PathBuf> {
        while let Some(p) = self.stack.pop() {
            let meta = match std::fs::symlink_metadata(&p) {
                Ok(m) => m,
                Err(e) => {
                    self.pending_err = Some(ReadError::io(p.display().to_string(), &e));
                    return None;
                }
            };
            let is_dir = if meta.file_type().is_symlink() {
                // Follow symlinked files, never symlinked directories.
                match std::fs::metadata(&p) {
                    Ok(m) if m.is_dir() => continue,
                    Ok(_) => false,
                    Err(e) => {
                        self.pending_err = Some(ReadError::io(p.display().to_string(), &e));
                        return None;
                    }
                }
            } else {
                meta.is_dir()
            };
            if !is_dir {
                return Some(p);
            }
            match std::fs::read_dir(&p) {
                Ok(rd) => {
                    let mut children: Vec<PathBuf> = rd
                        .filter_map(|e| e.ok())
                        .map(|e| e.path())
                        .filter(|c| !hidden(c))
                        .collect();
                    children.sort();
                    children.reverse();
                    self.stack.extend(children);
                }
                Err(e) => {
                    self.pending_err = Some(ReadError::io(p.display().to_string(), &e));
                    return None;
                }
            }
        }
        None
    }
}

impl Iterator for DirDocs {
    type Item = Result<Document, ReadError>;
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(cur) = self.current.as_mut() {
                if let Some(r) = cur.next() {
                    return Some(r);
                }
                self.current = None;
            }
            match self.next_file() {
                Some(path) => self.current = Some(read_file(&path, &self.opts)),
                None => {
                    if let Some(e) = self.pending_err.take() {
                        return Some(Err(e));
                    }
                    if self.stack.is_empty() {
                        return None;
                    }
                }
            }
        }
    }
}
