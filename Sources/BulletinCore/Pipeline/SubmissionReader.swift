import Foundation

/// How far reading has got, for a progress line.
public struct ReadProgress: Sendable {
    public var filesDone: Int
    public var files: Int
    public var rows: Int
}

/// Reads every submission file a run needs, each once, in parallel.
public enum SubmissionReader {
    struct Job: Sendable {
        var entry: FormEntry
        var file: SubmissionFile
        var submitter: Int
    }

    /// The files a run for the campaign's week reads: those its forms say are due
    /// (`FormRegistry.dueFiles`: a daily ledger for a day after the week's report date waits
    /// for the next report).
    static func jobs(_ campaign: Campaign, registry: FormRegistry) -> [Job] {
        registry.dueFiles(campaign).map { Job(entry: $0.entry, file: $0.file, submitter: $0.unit) }
    }

    /// Reads and checks the week's files on up to `jobs` threads. The results do not depend
    /// on `jobs`: each file's result is a value of that file alone.
    public static func read(
        _ campaign: Campaign, registry: FormRegistry = .standard, jobs: Int = Parallel.defaultJobs,
        open: RowSource.Opener? = nil,
        progress: (@Sendable (ReadProgress) -> Void)? = nil
    ) -> SubmissionResults {
        let work = Self.jobs(campaign, registry: registry)
        let context = campaign.context
        // Checked again as each file is opened: a link swapped in after the scan is not followed out.
        let open = open ?? RowSource.opener(within: campaign.root)
        // Largest first, so one big ledger does not start last on a busy core.
        let sizes = work.map { job -> Int in
            var st = stat()
            return stat(job.file.url.path, &st) == 0 ? Int(st.st_size) : 0
        }
        let order = work.indices.sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }
        let done = Locked(ReadProgress(filesDone: 0, files: work.count, rows: 0))
        let results = Parallel.map(count: work.count, jobs: jobs, order: order) { i in
            let job = work[i]
            let result = job.entry.readFile(job.file, job.submitter, context, open)
            if let progress {
                let now = done.withLock { p -> ReadProgress in
                    p.filesDone += 1
                    p.rows += result.rowsRead
                    return p
                }
                progress(now)
            }
            return result
        }
        return SubmissionResults(results, registry: registry)
    }
}
