/// The content a shell works with: the rubrics, the task bank and the competency framework
/// that loaded, and every problem that kept a file out.
public struct Bank: Sendable, Equatable {
    public var rubrics: [String: Rubric] = [:]
    public var tasks: [String: AssessmentTask] = [:]
    public var framework: CompetencyFramework?
    /// Why each rejected file was rejected, in file order.
    public var problems: [ContentError] = []
    /// Rejected rubric and task ids, so a command naming one can say why it is missing.
    public var rejectedRubrics: [String: ContentError] = [:]
    public var rejectedTasks: [String: ContentError] = [:]

    public init() {}

    /// One content file: where it is (for messages), its id (the file name) and its text, or
    /// why it could not be read.
    public struct SourceFile: Sendable {
        public var path: String
        public var id: String
        public var text: String
        public var problem: String?

        public init(path: String, id: String, text: String) {
            self.path = path
            self.id = id
            self.text = text
        }

        public init(path: String, id: String, problem: String) {
            self.path = path
            self.id = id
            self.text = ""
            self.problem = problem
        }

        /// The text, or the read problem as the file's error.
        func readableText() throws -> String {
            if let problem { throw ContentError(file: path, line: nil, message: problem) }
            return text
        }
    }

    /// Builds the bank from file contents, in dependency order: the framework, then the rubrics
    /// checked against it and against the store's snapshots, then the tasks checked against the
    /// rubrics that loaded. A bad file is recorded in `problems` and never hides the good ones.
    ///
    /// - Parameter snapshots: the canonical form of every rubric version that scores already
    ///   use, keyed by rubric id and version.
    public static func assemble(
        rubrics rubricFiles: [SourceFile], tasks taskFiles: [SourceFile], framework frameworkFile: SourceFile?,
        snapshots: [RubricVersionKey: String] = [:]
    ) -> Bank {
        var bank = Bank()
        if let frameworkFile {
            do {
                bank.framework = try CompetencyFramework.parse(frameworkFile.readableText(), file: frameworkFile.path)
            } catch {
                bank.problems.append(contentError(error, file: frameworkFile.path))
            }
        }
        let competencies = bank.framework.map { Set($0.competencies.map(\.id)) }
        for file in rubricFiles.sorted(by: { $0.id < $1.id }) {
            do {
                let rubric = try Rubric.parse(file.readableText(), file: file.path, expectedID: file.id, competencies: competencies)
                let key = RubricVersionKey(rubric: rubric.id, version: rubric.version)
                if let snapshot = snapshots[key], snapshot != rubric.canonicalForm {
                    throw ContentError(
                        file: file.path, line: nil,
                        message: "the rubric changed but its version is still \(rubric.version), which recorded scores use; bump 'version' to \(rubric.version + 1) (or undo the edit)")
                }
                bank.rubrics[rubric.id] = rubric
            } catch {
                let problem = contentError(error, file: file.path)
                bank.problems.append(problem)
                bank.rejectedRubrics[file.id] = problem
            }
        }
        let rubricIDs = Set(bank.rubrics.keys)
        for file in taskFiles.sorted(by: { $0.id < $1.id }) {
            do {
                let task = try AssessmentTask.parse(
                    file.readableText(), file: file.path, expectedID: file.id, rubrics: rubricIDs, rejectedRubrics: bank.rejectedRubrics)
                bank.tasks[task.id] = task
            } catch {
                let problem = contentError(error, file: file.path)
                bank.problems.append(problem)
                bank.rejectedTasks[file.id] = problem
            }
        }
        return bank
    }

    private static func contentError(_ error: any Error, file: String) -> ContentError {
        (error as? ContentError) ?? ContentError(file: file, line: nil, message: "\(error)")
    }

    /// The rubric a task's component is scored with.
    public func rubric(task: AssessmentTask, component: String) -> Rubric? {
        task.component(component).flatMap { rubrics[$0.rubric] }
    }

    public var sortedTasks: [AssessmentTask] { tasks.values.sorted { $0.id < $1.id } }
    public var sortedRubrics: [Rubric] { rubrics.values.sorted { $0.id < $1.id } }
}

/// A rubric version, the unit the store snapshots.
public struct RubricVersionKey: Hashable, Sendable {
    public var rubric: String
    public var version: Int

    public init(rubric: String, version: Int) {
        self.rubric = rubric
        self.version = version
    }
}
