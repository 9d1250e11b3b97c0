// Professionals' invitation codes (docs/professionals.md): how they are
// drawn, and how a resident's message is recognised as one.
//
// A code is 8 characters from an alphabet without look-alikes (no 0/O,
// 1/I/L), with at least one digit and one letter: 31^8 ≈ 8.5e11 codes,
// about 39 bits. A resident may send a code-shaped message only a few times
// a minute (ConversationService), so guessing one of even thousands of live
// codes takes centuries. The digit keeps codes apart from words: "DEMANDER"
// is written with the alphabet's letters but is not a code.
//
// Thread-safe: pure functions (NewInvitationCode draws from OpenSSL).
#pragma once

#include <string>
#include <string_view>

namespace levier::bot {

inline constexpr std::string_view kInvitationAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
inline constexpr std::size_t kInvitationCodeLength = 8;

// A fresh random code (uniform over the alphabet, redrawn until it has a
// digit and a letter).
std::string NewInvitationCode();

// The code a whole message is, normalised (upper case, without the spaces
// or dashes a resident may type: "k7qm-4rtx"), or "" when it is not one.
// "/start CODE" (a Telegram link) and "CODE" alone are codes; a code inside
// a sentence is not (the sentence is an answer).
std::string InvitationCodeIn(std::string_view text);

}  // namespace levier::bot
