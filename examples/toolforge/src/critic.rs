//! The `POST-EXEC` gate: a critic reviews what a tool produced, and a rejected artifact is
//! rolled back by its compensating action, so nothing the tool wrote outlives the rejection.

use std::path::{Path, PathBuf};

use crate::ToolSpecError;

/// Reviews a tool's output; `Err` is the reason for rejecting it.
pub trait Critic {
    /// Accepts or rejects `output`.
    fn review(&self, output: &str) -> Result<(), String>;
}

/// Rejects output that is empty or that carries a marker of unfinished work.
#[derive(Debug, Default)]
pub struct CompletenessCritic;

impl Critic for CompletenessCritic {
    fn review(&self, output: &str) -> Result<(), String> {
        if output.trim().is_empty() {
            return Err("the output is empty".to_owned());
        }
        match ["TODO", "lorem ipsum"]
            .iter()
            .find(|marker| output.contains(*marker))
        {
            Some(marker) => Err(format!("the output contains the placeholder `{marker}`")),
            None => Ok(()),
        }
    }
}

/// Writes the tool's `output` as an artifact under `dir`, then has `critic` review it. A
/// rejected artifact is removed again (with `dir`, if this call created it) before the
/// rejection is returned, and the rejection lists what was rolled back.
pub fn publish(
    tool_id: &str,
    output: &str,
    dir: &Path,
    critic: &impl Critic,
) -> Result<PathBuf, ToolSpecError> {
    let created_dir = !dir.exists();
    let artifact = dir.join(format!("{tool_id}.json"));
    let write = std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&artifact, output));
    if let Err(err) = write {
        return Err(ToolSpecError::ArtifactWriteFailed {
            path: artifact.display().to_string(),
            reason: err.to_string(),
        });
    }
    let Err(reason) = critic.review(output) else {
        return Ok(artifact);
    };
    let mut rolled_back = Vec::new();
    if std::fs::remove_file(&artifact).is_ok() {
        rolled_back.push(artifact.display().to_string());
    }
    if created_dir && std::fs::remove_dir(dir).is_ok() {
        rolled_back.push(dir.display().to_string());
    }
    Err(ToolSpecError::CriticRejection {
        tool_id: tool_id.to_owned(),
        reason,
        rolled_back,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_output_stays_published() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("artifacts");
        let artifact = publish(
            "summarize",
            "{\"summary\": \"done\"}",
            &out,
            &CompletenessCritic,
        )
        .unwrap();
        assert!(artifact.is_file());
    }

    #[test]
    fn a_rejected_artifact_is_rolled_back_with_its_directory() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("artifacts");
        let err = publish(
            "summarize",
            "{\"summary\": \"TODO\"}",
            &out,
            &CompletenessCritic,
        )
        .unwrap_err();
        assert_eq!(err.code(), "CRITIC_REJECTION");
        assert!(
            !out.exists(),
            "the artifact and the directory it needed are gone"
        );
        let ToolSpecError::CriticRejection { rolled_back, .. } = err else {
            panic!("expected a rejection");
        };
        assert_eq!(rolled_back.len(), 2);
    }

    #[test]
    fn an_existing_directory_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        assert!(publish("summarize", "", dir.path(), &CompletenessCritic).is_err());
        assert!(dir.path().is_dir());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}

#[cfg(feature = "fault-cases")]
mod fault_cases {
    use std::path::{Path, PathBuf};

    use fault_runtime::fault_case;

    use super::{CompletenessCritic, publish};
    use crate::ToolSpecError;

    /// Critic rejection
    ///
    /// The tool writes `artifacts/summarize.json`; the critic rejects its placeholder output,
    /// and the compensating rollback removes the artifact and the directory it created.
    #[fault_case(
        id = "fault-8",
        gate = "POST-EXEC",
        expect = "CRITIC_REJECTION",
        rollback = "compensating",
        severity = "error",
        category = "critic",
        fault = "rejected_output",
        recovery = "Fix the tool's output so the critic accepts it; nothing it wrote was kept",
        control = accepted_output,
        tags = ["critic", "rollback"],
    )]
    fn critic_rejection() -> Result<PathBuf, ToolSpecError> {
        publish_summary("{\"summary\": \"TODO\"}")
    }

    /// The control of fault-8: the same publication of finished output. The critic must accept
    /// it, so the rejection comes from the placeholder alone.
    fn accepted_output() -> Result<PathBuf, ToolSpecError> {
        publish_summary("{\"summary\": \"done\"}")
    }

    /// Publishes `output` as `artifacts/summarize.json`, reviewed by the completeness critic.
    fn publish_summary(output: &str) -> Result<PathBuf, ToolSpecError> {
        publish(
            "summarize",
            output,
            Path::new("artifacts"),
            &CompletenessCritic,
        )
    }
}
