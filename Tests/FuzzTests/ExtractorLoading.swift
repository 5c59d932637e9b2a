import VigieExtractor

/// The extractor as the daemon builds it (bundled lexicons).
func loadFuzzExtractor() throws -> Extractor {
    Extractor()
}
