/// The one version number of the whole program: the daemon's `hello`, `vigied --version`,
/// `vigie --version` and the coder named in every event record all say this.
public enum VigieVersion {
    public static let current = "0.4.0"
}
