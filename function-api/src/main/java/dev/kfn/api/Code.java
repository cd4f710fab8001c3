package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** The function's code: an image built from the kfn runtime image, or an archive the stock runtime image fetches. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.image) != has(self.url)", message = "code needs exactly one of image or url")
public class Code {

    /** The URL schemes the stock runtime image can fetch from. */
    public static final String URL_PATTERN = "^(file:|https?://).+";

    @JsonPropertyDescription("A container image holding the kfn runtime host and the code under /var/task.")
    private String image;

    @Pattern(URL_PATTERN)
    @JsonPropertyDescription("A jar or zip the stock runtime image fetches at start: file:, http:// or https://.")
    private String url;

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
}
