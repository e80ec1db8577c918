/** `train.py` for Unsloth (4-bit LoRA, one GPU): SFT on `messages` data, saved as a GGUF file directly. */
export const UNSLOTH_SCRIPT = `"""Fine-tune an open model on data exported by Conclave, with Unsloth (fast 4-bit LoRA on one GPU).

Run:  python train.py            (settings in config.json)
The result is written as a GGUF file to output/gguf/ (ready for Conclave's embedded engine or Ollama).
"""
import json
from pathlib import Path

from unsloth import FastLanguageModel, is_bfloat16_supported  # import unsloth before trl/transformers
from datasets import load_dataset
from trl import SFTConfig, SFTTrainer

HERE = Path(__file__).resolve().parent
config = json.loads((HERE / "config.json").read_text())
output_dir = HERE / config["output_dir"]

model, tokenizer = FastLanguageModel.from_pretrained(
    model_name=config["base_model"],
    max_seq_length=config["max_length"],
    load_in_4bit=True,
)
model = FastLanguageModel.get_peft_model(
    model,
    r=config["lora_rank"],
    lora_alpha=config["lora_rank"] * 2,
    lora_dropout=0,
    target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
    use_gradient_checkpointing="unsloth",
    random_state=3407,
)

data_files = {"train": str(HERE / config["train_file"])}
if config.get("validation_file"):
    data_files["validation"] = str(HERE / config["validation_file"])
dataset = load_dataset("json", data_files=data_files)
has_validation = "validation" in dataset

trainer = SFTTrainer(
    model=model,
    processing_class=tokenizer,
    train_dataset=dataset["train"],
    eval_dataset=dataset["validation"] if has_validation else None,
    args=SFTConfig(
        output_dir=str(output_dir / "checkpoints"),
        num_train_epochs=config["epochs"],
        learning_rate=config["learning_rate"],
        per_device_train_batch_size=config["batch_size"],
        gradient_accumulation_steps=config["gradient_accumulation_steps"],
        max_length=config["max_length"],
        logging_steps=10,
        save_strategy="epoch",
        eval_strategy="epoch" if has_validation else "no",
        bf16=is_bfloat16_supported(),
        fp16=not is_bfloat16_supported(),
        optim="adamw_8bit",
        report_to="none",
    ),
)
trainer.train()
model.save_pretrained(str(output_dir / "adapter"))
tokenizer.save_pretrained(str(output_dir / "adapter"))
model.save_pretrained_gguf(str(output_dir / "gguf"), tokenizer, quantization_method="q4_k_m")
print(f"Done. GGUF model in: {output_dir / 'gguf'}")
`;
