package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** The function's code: an image built from the kfn runtime image, or an archive the stock runtime image fetches. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.image) != has(self.url)", message = "code needs exactly one of image or url")
@ValidationRule(
        value = "!has(self.sha256) || has(self.url)",
        message = "only a code.url is checked against a digest",
        fieldPath = ".sha256")
public class Code {

    /** The URL schemes the stock runtime image can fetch from. */
    public static final String URL_PATTERN = "^(file:|https?://).+";

    public static final String SHA256_PATTERN = "^[0-9a-f]{64}$";

    @JsonPropertyDescription("A container image holding the kfn runtime host and the code under /var/task.")
    private String image;

    @Pattern(URL_PATTERN)
    @JsonPropertyDescription("A jar or zip the stock runtime image fetches at start: file:, http:// or https://.")
    private String url;

    @Pattern(SHA256_PATTERN)
    @JsonPropertyDescription("SHA-256 of the archive at url (64 hex digits, as sha256sum prints it); the host refuses"
            + " code that does not match.")
    private String sha256;

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getSha256() {
        return sha256;
    }

    public void setSha256(String sha256) {
        this.sha256 = sha256;
    }
}
