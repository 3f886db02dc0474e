extension Unicode.Scalar {
    /// A C0 or C1 control character (U+0000–U+001F, U+007F–U+009F): what no one-line output,
    /// comment or table cell may carry as it is.
    var isControlCharacter: Bool { value < 0x20 || (0x7F...0x9F).contains(value) }
}
