/// Entry point of `vigied`. PLACEHOLDER until the daemon work lands.
public enum VigieDaemonMain {
    public static func run() async {
        print("vigied: not built yet")
    }
}
