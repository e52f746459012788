package dev.prm.gateway.web;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The AsyncAPI document of the Kafka contract (SPEC §2, §3) and the JSON Schemas it refers to. */
@RestController
class AsyncApiController {

    @GetMapping(value = "/asyncapi.yaml", produces = "application/yaml")
    Resource asyncApi() {
        return new ClassPathResource("asyncapi.yaml");
    }

    @GetMapping("/schemas/v1/{topic}/{type}.json")
    ResponseEntity<Resource> schema(@PathVariable String topic, @PathVariable String type) {
        if (!topic.matches("[a-z-]+") || !type.matches("[A-Za-z]+")) {
            return ResponseEntity.notFound().build();
        }
        Resource schema = new ClassPathResource("schemas/v1/" + topic + "/" + type + ".json");
        return schema.exists() ? ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(schema) : ResponseEntity.notFound().build();
    }
}
