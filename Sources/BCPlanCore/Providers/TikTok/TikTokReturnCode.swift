/// What a `code` of TikTok's envelope means to bcplan. The numbers are TikTok's
/// (`python_sdk/business_api_client/tiktok_business/tiktok_code.py` in the SDK, `NumericErrorCodes`).
enum TikTokReturnCode {
    /// Worth trying again later: the app's quota (40100 REQUEST_TOO_FREQUENT, 40132
    /// REQUEST_FREQUENCY_LIMITED, 61000 TOO_MANY_REQUESTS_BL), maintenance (60001), internal errors
    /// and timeouts (50000 SYS_ERROR, 50002 SYS_TIMEOUT, 51010 INTERNAL_TIME_OUT).
    static let transient: Set<Int> = [40100, 40132, 61000, 60001, 50000, 50002, 51010]

    /// The codes that say the app is over its request quota (counted by `doctor`).
    static let rateLimited: Set<Int> = [40100, 40132, 61000]

    /// Why the access token was refused, for the codes that refuse it; nil for any other code.
    static func tokenRefusal(_ code: Int) -> String? {
        switch code {
        case 40102: "expired"                               // ACCESS_TOKEN_EXPIRE
        case 40104: "empty"                                 // EMPTY_ACCESS_TOKEN
        case 40105: "invalid or revoked"                    // INVALID_ACCESS_TOKEN
        case 40106: "its user is not a valid TikTok user"   // INVALID_CORE_USER
        default: nil
        }
    }

    /// The words for a transient code in a message.
    static func transientReason(_ code: Int) -> String {
        switch code {
        case 40100, 40132, 61000: "the TikTok API is rate limiting this app"
        case 60001: "the TikTok API is down for maintenance"
        default: "the TikTok API failed internally"
        }
    }
}
