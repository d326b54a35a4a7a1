package dev.timmyloop.activities.gitea;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The parts of Gitea's JSON answers the client reads; unknown fields are ignored. */
public final class GiteaModel {
  private GiteaModel() {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Label(long id, String name, String color) {}

  /** {@code pullRequest} is non-null when the "issue" is a pull request. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Issue(
      long number,
      String title,
      String body,
      String state,
      List<Label> labels,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("html_url") String htmlUrl,
      @JsonProperty("pull_request") Object pullRequest) {
    public List<Label> labels() {
      return labels == null ? List.of() : labels;
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Comment(long id, String body) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Branch(String ref, String sha) {}

  /** {@code mergeable} is null when Gitea has not computed it yet. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Pull(
      long number,
      String title,
      String state,
      Branch head,
      Branch base,
      Boolean mergeable,
      boolean merged,
      @JsonProperty("merge_commit_sha") String mergeCommitSha,
      List<Label> labels,
      @JsonProperty("html_url") String htmlUrl,
      String body) {
    public List<Label> labels() {
      return labels == null ? List.of() : labels;
    }
  }

  /** One commit status; Gitea calls its state {@code status}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CommitStatus(
      String context,
      String status,
      String description,
      @JsonProperty("target_url") String targetUrl) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CombinedStatus(
      String sha,
      String state,
      List<CommitStatus> statuses,
      @JsonProperty("total_count") Integer totalCount) {
    public List<CommitStatus> statuses() {
      return statuses == null ? List.of() : statuses;
    }
  }

  /** An Actions run; {@code runNumber} is the per-repository number its web page shows. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Run(
      long id,
      @JsonProperty("run_number") long runNumber,
      @JsonProperty("head_sha") String headSha,
      @JsonProperty("html_url") String htmlUrl) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Runs(@JsonProperty("workflow_runs") List<Run> runs) {
    public List<Run> runs() {
      return runs == null ? List.of() : runs;
    }
  }

  /** An Actions job: {@code status} completed with {@code conclusion} failure when it failed. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Job(
      long id,
      @JsonProperty("run_id") long runId,
      String name,
      String status,
      String conclusion,
      @JsonProperty("head_sha") String headSha) {
    public boolean failed() {
      return "failure".equals(conclusion) || "failure".equals(status);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Jobs(List<Job> jobs) {
    public List<Job> jobs() {
      return jobs == null ? List.of() : jobs;
    }
  }

  /** Gitea's error body; {@code url} points at the swagger docs and is not kept. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ErrorBody(String message) {}
}
