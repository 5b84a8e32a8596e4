package dev.passage.sdk.model;

import com.fasterxml.jackson.databind.JsonNode;

/** A model read from the API that keeps the JSON it was read from, for fields a newer server adds. */
public interface JsonModel {
    /** A copy of the JSON this model was read from, every field included. */
    JsonNode json();
}
