/** `train.py` for TRL + PEFT (LoRA): SFT on `messages` data or DPO on prompt/chosen/rejected data. */
export const TRL_SCRIPT = `"""Fine-tune an open model on data exported by Conclave, with TRL and LoRA.

Run:  python train.py            (settings in config.json)
Then: see README.md to turn output/merged into a GGUF file or an Ollama model.
"""
import json
from pathlib import Path

import torch
from datasets import load_dataset
from peft import AutoPeftModelForCausalLM, LoraConfig
from transformers import AutoModelForCausalLM, AutoTokenizer
from trl import DPOConfig, DPOTrainer, SFTConfig, SFTTrainer

HERE = Path(__file__).resolve().parent
config = json.loads((HERE / "config.json").read_text())
output_dir = HERE / config["output_dir"]

data_files = {"train": str(HERE / config["train_file"])}
if config.get("validation_file"):
    data_files["validation"] = str(HERE / config["validation_file"])
dataset = load_dataset("json", data_files=data_files)
has_validation = "validation" in dataset

bf16 = torch.cuda.is_available() and torch.cuda.is_bf16_supported()
common = dict(
    output_dir=str(output_dir / "checkpoints"),
    num_train_epochs=config["epochs"],
    learning_rate=config["learning_rate"],
    per_device_train_batch_size=config["batch_size"],
    gradient_accumulation_steps=config["gradient_accumulation_steps"],
    max_length=config["max_length"],
    logging_steps=10,
    save_strategy="epoch",
    eval_strategy="epoch" if has_validation else "no",
    bf16=bf16,
    report_to="none",
)
peft_config = LoraConfig(
    r=config["lora_rank"],
    lora_alpha=config["lora_rank"] * 2,
    lora_dropout=0.05,
    target_modules="all-linear",
    task_type="CAUSAL_LM",
)

tokenizer = AutoTokenizer.from_pretrained(config["base_model"])
if tokenizer.pad_token is None:
    tokenizer.pad_token = tokenizer.eos_token

if config["method"] == "dpo":
    model = AutoModelForCausalLM.from_pretrained(config["base_model"], torch_dtype="auto")
    trainer = DPOTrainer(
        model=model,
        args=DPOConfig(beta=config.get("dpo_beta", 0.1), **common),
        train_dataset=dataset["train"],
        eval_dataset=dataset["validation"] if has_validation else None,
        processing_class=tokenizer,
        peft_config=peft_config,
    )
else:
    trainer = SFTTrainer(
        model=config["base_model"],
        args=SFTConfig(**common),
        train_dataset=dataset["train"],
        eval_dataset=dataset["validation"] if has_validation else None,
        processing_class=tokenizer,
        peft_config=peft_config,
    )

trainer.train()
adapter_dir = output_dir / "adapter"
trainer.save_model(str(adapter_dir))

# One self-contained model (base + LoRA) that llama.cpp, Ollama and vLLM can load.
merged = AutoPeftModelForCausalLM.from_pretrained(str(adapter_dir), torch_dtype="auto").merge_and_unload()
merged.save_pretrained(str(output_dir / "merged"))
tokenizer.save_pretrained(str(output_dir / "merged"))
print(f"Done. Merged model: {output_dir / 'merged'}")
`;
