package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// The hmac-sha256-v1 scheme as the runtime verifies it: hex HMAC-SHA256 over "<timestamp>.<body>".
const (
	timestampHeader   = "X-Timestamp"
	signatureHeader   = "X-Signature"
	idempotencyHeader = "X-Idempotency-Key"
	timestampWindow   = 300 * time.Second
)

func sign(secret []byte, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(timestamp))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

func validSignature(secret []byte, timestamp, signature string, body []byte, now time.Time) bool {
	seconds, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return false
	}
	age := now.Sub(time.Unix(seconds, 0))
	if age > timestampWindow || age < -timestampWindow {
		return false
	}
	claimed, err := hex.DecodeString(strings.TrimPrefix(signature, "sha256="))
	if err != nil {
		return false
	}
	expected, _ := hex.DecodeString(sign(secret, timestamp, body))
	return hmac.Equal(claimed, expected)
}

// The benchmark's event: about 1 KB of JSON, unique per call, like the wrk script's.
func eventBody(run string, n uint64, padding string) []byte {
	id := run + "-" + strconv.FormatUint(n, 10)
	return []byte(`{"type":"post.updated","id":"` + id + `","title":"benchmark","content":"` + padding + `"}`)
}
