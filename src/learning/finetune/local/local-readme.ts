/** The README of a local training project: from `pip install` to an A/B experiment against the current model. */
export function localReadme({
  baseModel,
  trainer,
  method,
  name,
  examples,
}: {
  baseModel: string;
  trainer: 'trl' | 'unsloth';
  method: 'sft' | 'dpo';
  name: string;
  examples: number;
}): string {
  const serve =
    trainer === 'unsloth'
      ? [
          '## 3. Serve it',
          '',
          "`output/gguf/` holds a q4_k_m GGUF file. Either copy it into Conclave's models directory:",
          '',
          '```bash',
          `cp output/gguf/*.gguf ~/.conclave/models/${name}.gguf   # shows up in \`conclave models\` as ${name}`,
          '```',
          '',
          'or create an Ollama model from it (`ollama create` with a Modelfile whose FROM is the GGUF file).',
        ]
      : [
          '## 3. Serve it',
          '',
          '`output/merged/` is a standard Hugging Face model (base + LoRA merged). Serve it with vLLM',
          '(`vllm serve output/merged --served-model-name ' +
            name +
            '`, discovered by Conclave on :8000), or',
          "convert it to GGUF with llama.cpp and copy it into Conclave's models directory:",
          '',
          '```bash',
          `python llama.cpp/convert_hf_to_gguf.py output/merged --outfile ${name}.gguf --outtype q8_0`,
          `cp ${name}.gguf ~/.conclave/models/   # shows up in \`conclave models\` as ${name}`,
          '```',
        ];
  return [
    `# Fine-tune ${baseModel} (${method.toUpperCase()}, ${trainer === 'trl' ? 'TRL + LoRA' : 'Unsloth 4-bit LoRA'})`,
    '',
    `Written by \`conclave finetune --provider local\`: ${examples} examples exported from Conclave's training data`,
    `(\`data/\`, ${method === 'dpo' ? 'TRL preference format: prompt/chosen/rejected' : 'TRL conversational format: messages'}).`,
    'Settings (base model, epochs, learning rate, LoRA rank, max length) are in `config.json`.',
    '',
    '## 1. Install (a CUDA GPU is strongly recommended)',
    '',
    '```bash',
    'python -m venv .venv && . .venv/bin/activate',
    'pip install -r requirements.txt',
    '```',
    '',
    `Gated base models (Llama) need \`huggingface-cli login\` and accepted terms on the model page.`,
    '',
    '## 2. Train',
    '',
    '```bash',
    'python train.py',
    '```',
    '',
    ...serve,
    '',
    '## 4. Let it earn its traffic',
    '',
    'Compare it with the model it should replace before it takes real traffic:',
    '',
    '```bash',
    `conclave experiment create ${name}-vs-current --arms ${name},<current-model> --match-model <current-model> --allocation thompson --metric feedback`,
    `conclave experiment status ${name}-vs-current`,
    `conclave experiment promote ${name}-vs-current   # when it wins`,
    '```',
    '',
  ].join('\n');
}
