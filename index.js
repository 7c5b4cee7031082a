// n8n loads the nodes and credentials listed in package.json's "n8n" field; this entry point only
// lets `require('n8n-nodes-kling')` resolve.
module.exports = {};
