package io.hookwarden.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Verification's Java checks (local mode) must say what the CRD's CEL rules say (cluster). */
class VerificationTest {
    private static final SecretKeyRef REF = new SecretKeyRef("hooks", "secret");

    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void celToleranceRuleListsExactlyTheSchemesThatSignNoTimestamp(SignatureScheme scheme) {
        assertThat(Verification.TOLERANCE_RULE.contains("'" + scheme.wireName() + "'")).isEqualTo(!scheme.signsTimestamp());
    }

    @Test
    void toleranceDefaultsPerScheme() {
        assertThat(hmac(SignatureScheme.STRIPE).effectiveToleranceSeconds()).isEqualTo(300);
        assertThat(hmac(SignatureScheme.GITHUB).effectiveToleranceSeconds()).isZero();
        assertThat(jwt().effectiveToleranceSeconds()).isEqualTo(60);
        Verification overridden = hmac(SignatureScheme.SLACK);
        overridden.setToleranceSeconds(30);
        assertThat(overridden.effectiveToleranceSeconds()).isEqualTo(30);
    }

    @Test
    void toleranceOnASchemeWithoutTimestampIsRefused() {
        Verification github = hmac(SignatureScheme.GITHUB);
        github.setToleranceSeconds(300);
        assertThatIllegalArgumentException().isThrownBy(github::validate).withMessage(Verification.TOLERANCE_MESSAGE);
    }

    @Test
    void hubspotV3RequiresPublicUrl() {
        Verification hubspot = hmac(SignatureScheme.HUBSPOT_V3);
        assertThatIllegalArgumentException().isThrownBy(hubspot::validate).withMessage(Verification.PUBLIC_URL_MESSAGE);
        hubspot.setPublicUrl("https://hooks.example.com");
        assertThatNoException().isThrownBy(hubspot::validate);
        hubspot.setPublicUrl("https://hooks.example.com/?x=1");
        assertThatIllegalArgumentException().isThrownBy(hubspot::validate);
    }

    @Test
    void jwtTakesItsKeysFromTheJwksAndNoSecretRef() {
        Verification jwt = jwt();
        assertThatNoException().isThrownBy(jwt::validate);
        assertThat(jwt.allSecretRefs()).containsExactly(jwt.getJwt().getJwksSecretRef());
        jwt.setSecretRef(REF);
        assertThatIllegalArgumentException().isThrownBy(jwt::validate).withMessage(Verification.SECRET_REF_MESSAGE);
    }

    @Test
    void jwtWithoutItsBlockOrAlgorithmsIsRefused() {
        Verification missing = jwt();
        missing.setJwt(null);
        assertThatIllegalArgumentException().isThrownBy(missing::validate).withMessage(Verification.JWT_MESSAGE);
        Verification noAlgorithms = jwt();
        noAlgorithms.getJwt().setAlgorithms(List.of());
        assertThatIllegalArgumentException().isThrownBy(noAlgorithms::validate).withMessage(Verification.JWT_MESSAGE);
        Verification stray = hmac(SignatureScheme.STRIPE);
        stray.setJwt(jwt().getJwt());
        assertThatIllegalArgumentException().isThrownBy(stray::validate).withMessage(Verification.JWT_MESSAGE);
    }

    @Test
    void hmacSchemesRequireSecretRef() {
        Verification stripe = hmac(SignatureScheme.STRIPE);
        stripe.setSecretRef(null);
        assertThatIllegalArgumentException().isThrownBy(stripe::validate).withMessage(Verification.SECRET_REF_MESSAGE);
    }

    private static Verification hmac(SignatureScheme scheme) {
        Verification v = new Verification();
        v.setScheme(scheme);
        v.setSecretRef(REF);
        return v;
    }

    private static Verification jwt() {
        JwtVerification jwt = new JwtVerification();
        jwt.setJwksSecretRef(new SecretKeyRef("jwks", "keys.json"));
        jwt.setAlgorithms(List.of(JwtAlgorithm.RS256));
        Verification v = new Verification();
        v.setScheme(SignatureScheme.JWT);
        v.setJwt(jwt);
        return v;
    }
}
