import ArgumentParser
import VigieProtocol

/// The `vigie` command: a thin front over the protocol and the extractor.
@main
struct Vigie: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigie",
        abstract: "Read French dispatches as political events, and follow vigied's event stream.",
        version: VigieVersion.current,
        subcommands: [
            ExtractCommand.self, AnnotateCommand.self, EvalCommand.self, TailCommand.self, StatusCommand.self,
            DropCommand.self,
        ]
    )
}
